// ESC/POS encoder and decoder: what is encoded is decoded back identically.
#include <catch2/catch.hpp>

#include "printer-driver/escpos/codepage.h"
#include "printer-driver/escpos/decoder.h"
#include "printer-driver/escpos/encoder.h"
#include "printer-driver/escpos/status.h"

using namespace guichet::escpos;

namespace {

const std::string kFrench = "àâäæçéèêëîïôöœùûüÿ ÀÂÄÆÇÉÈÊËÎÏÔÖŒÙÛÜŸ « € » 12,50 €";

Decoded round_trip(const std::string& text, CodePage page, int number) {
    Encoder e;
    e.initialize().select_code_page(page, number).line(text);
    return decode(e.bytes());
}

}  // namespace

TEST_CASE("CP1252 round-trips every French letter, both ligatures, ÿ/Ÿ and the euro") {
    const Decoded d = round_trip(kFrench, CodePage::cp1252, 16);
    CHECK(d.warnings.empty());
    CHECK(d.text() == kFrench + "\n");
}

TEST_CASE("CP858 round-trips every French accent and the euro, and spells œ/Œ/Ÿ out") {
    const Decoded d = round_trip(kFrench, CodePage::cp858, 19);
    CHECK(d.warnings.empty());
    CHECK(d.text() == "àâäæçéèêëîïôöoeùûüÿ ÀÂÄÆÇÉÈÊËÎÏÔÖOEÙÛÜY « € » 12,50 €\n");
}

TEST_CASE("Characters a code page lacks get readable fallbacks, never '?' inside a word") {
    CHECK(to_code_page("cœur", CodePage::cp858) == "coeur");
    CHECK(to_code_page("Œuvre", CodePage::cp858) == "OEuvre");
    CHECK(to_code_page("L’Haÿ-les-Roses", CodePage::cp858) == "L'Ha\x98-les-Roses");
    CHECK(to_code_page("“Škoda” – Łęg…", CodePage::cp858) == "\"Skoda\" - Leg...");
    CHECK(to_code_page("10\u202F€", CodePage::cp1252) == "10 \x80");
    CHECK(to_code_page("Paris 🗼", CodePage::cp858) == "Paris ?");
}

TEST_CASE("The euro sign has its own byte in both code pages") {
    CHECK(to_code_page("€", CodePage::cp858) == "\xD5");
    CHECK(to_code_page("€", CodePage::cp1252) == "\x80");
}

TEST_CASE("Invalid UTF-8 becomes '?' and never shifts the following text") {
    CHECK(to_code_page("a\xC3(b", CodePage::cp858) == "a?(b");
    CHECK(to_code_page("x\xE2\x82", CodePage::cp858) == "x??");
    CHECK(to_code_page("\xC0\xAF", CodePage::cp858) == "??");  // overlong '/'
}

TEST_CASE("Control characters inside visitor text cannot inject printer commands") {
    Encoder e;
    e.text("A\x1B@B\x1DV\x42");
    const Decoded d = decode(e.bytes());
    CHECK(d.find("ESC @").empty());
    CHECK(d.find("GS V").empty());
}

TEST_CASE("Sizes, bold and alignment are decoded per span and per line") {
    Encoder e;
    e.initialize().select_code_page(CodePage::cp858, 19).align(Align::center);
    e.size(4, 4).bold(true).text("A042").size(1, 2).bold(false).line(" État civil");
    e.align(Align::right).size(8, 8).line("Z").size(1, 1);
    const Decoded d = decode(e.bytes());
    REQUIRE(d.blocks.size() == 2);
    const auto& first = std::get<TextLine>(d.blocks[0]);
    CHECK(first.align == Align::center);
    REQUIRE(first.spans.size() == 2);
    CHECK(first.spans[0].text == "A042");
    CHECK(first.spans[0].bold);
    CHECK(first.spans[0].width == 4);
    CHECK(first.spans[0].height == 4);
    CHECK(first.spans[1].text == " État civil");
    CHECK_FALSE(first.spans[1].bold);
    CHECK(first.spans[1].width == 1);
    CHECK(first.spans[1].height == 2);
    CHECK(first.height() == 4);
    const auto& second = std::get<TextLine>(d.blocks[1]);
    CHECK(second.align == Align::right);
    CHECK(second.spans[0].width == 8);
    CHECK(second.spans[0].height == 8);
}

TEST_CASE("Out-of-range sizes are clamped to what GS ! can say") {
    Encoder e;
    e.size(0, 12);
    REQUIRE(e.bytes() == std::string("\x1D!\x07", 3));
}

TEST_CASE("A QR code's payload, module size and error level survive the round trip") {
    const std::string url = "https://www.paris.fr/qualiparis?site=mairie-11&q=été";
    Encoder e;
    e.align(Align::center).qr(url, 7, QrErrorLevel::quartile);
    const Decoded d = decode(e.bytes());
    CHECK(d.warnings.empty());
    REQUIRE(d.blocks.size() == 1);
    const auto& qr = std::get<QrBlock>(d.blocks[0]);
    CHECK(qr.data == url);  // raw bytes: the payload is not transcoded
    CHECK(qr.module_size == 7);
    CHECK(qr.level == QrErrorLevel::quartile);
    CHECK(qr.align == Align::center);
    // Model, size, level, store, print: five GS ( k commands.
    CHECK(d.find("GS ( k").size() == 5);
}

TEST_CASE("A CODE128 barcode keeps its data, '{' included, and its settings") {
    Encoder e;
    e.code128("A042-{x}", 60, 3, HriPosition::below);
    const Decoded d = decode(e.bytes());
    CHECK(d.warnings.empty());
    REQUIRE(d.blocks.size() == 1);
    const auto& bar = std::get<BarcodeBlock>(d.blocks[0]);
    CHECK(bar.system == 73);
    CHECK(bar.data == "A042-{x}");
    CHECK(bar.height == 60);
    CHECK(bar.module_width == 3);
    CHECK(bar.hri == HriPosition::below);
    CHECK(d.find("GS k")[0].data == "{BA042-{{x}");
}

TEST_CASE("A raster logo is sent in bands and decoded back to one picture of the same size") {
    MonoImage logo{100, 50, {}};
    logo.bits.assign(static_cast<std::size_t>(logo.bytes_per_row() * logo.height), 0);
    for (int y = 0; y < logo.height; ++y) {  // a diagonal, to check rows stay in place
        const int x = y * 2;
        logo.bits[static_cast<std::size_t>(y * logo.bytes_per_row() + x / 8)] |=
            static_cast<std::uint8_t>(0x80 >> (x % 8));
    }
    Encoder e;
    e.raster(logo, 24);
    const Decoded d = decode(e.bytes());
    CHECK(d.warnings.empty());
    CHECK(d.find("GS v 0").size() == 3);  // 24 + 24 + 2 rows
    REQUIRE(d.blocks.size() == 1);
    const auto& image = std::get<ImageBlock>(d.blocks[0]).image;
    CHECK(image.width == 104);  // whole bytes per row
    CHECK(image.height == 50);
    CHECK(image.bits == logo.bits);
    CHECK(image.black(98, 49));
    CHECK_FALSE(image.black(97, 49));
}

TEST_CASE("Partial and full cuts and feeds are decoded") {
    Encoder e;
    e.line("x").feed(3).cut(CutKind::partial, 10).cut(CutKind::full);
    const Decoded d = decode(e.bytes());
    REQUIRE(d.blocks.size() == 4);
    CHECK(std::get<FeedBlock>(d.blocks[1]).lines == 3);
    CHECK(std::get<CutBlock>(d.blocks[2]).kind == CutKind::partial);
    CHECK(std::get<CutBlock>(d.blocks[3]).kind == CutKind::full);
    CHECK(d.find("GS V")[0].args == std::vector<int>{66, 10});
    CHECK(d.text() == "x\n\n\n\n");
}

TEST_CASE("Truncated and unknown commands are reported, not read past the end") {
    CHECK_FALSE(decode(std::string("\x1D(k\x10\x00\x31", 6)).warnings.empty());
    CHECK_FALSE(decode(std::string("\x1Dv0\x00\x10\x00\x10\x00", 8)).warnings.empty());
    CHECK_FALSE(decode("\x1B").warnings.empty());
    const Decoded d = decode("\x1B\x7Fok\n");
    CHECK_FALSE(d.warnings.empty());
    CHECK(d.text() == "\x7Fok\n");
}

TEST_CASE("An ESC t number the profile does not know is reported") {
    const Decoded d = decode(std::string("\x1Bt\x02", 3));
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("ESC t 2") != std::string::npos);
}

TEST_CASE("DLE EOT replies decode to paper out, near end, cover open, offline and error") {
    PrinterStatus s;
    CHECK(apply_status_byte(StatusRequest::printer, 0x16, s));
    CHECK(s == PrinterStatus{});
    CHECK(s.ready());

    CHECK(apply_status_byte(StatusRequest::printer, 0x1E, s));
    CHECK_FALSE(s.online);
    CHECK(apply_status_byte(StatusRequest::offline_cause, 0x16, s));
    CHECK(s.cover_open);
    CHECK_FALSE(s.ready());

    PrinterStatus paper;
    CHECK(apply_status_byte(StatusRequest::paper_sensor, 0x1E, paper));
    CHECK(paper.paper_near_end);
    CHECK_FALSE(paper.paper_out);
    CHECK(paper.paper() == "near_end");
    CHECK(apply_status_byte(StatusRequest::paper_sensor, 0x72, paper));
    CHECK(paper.paper_out);
    CHECK(paper.paper() == "out");
    CHECK(describe(paper, "fr") == "Plus de papier dans l'imprimante");
    CHECK(describe(paper, "en") == "The printer is out of paper");

    PrinterStatus err;
    CHECK(apply_status_byte(StatusRequest::offline_cause, 0x52, err));
    CHECK(err.error);
    CHECK_FALSE(err.cover_open);
}

TEST_CASE("A byte without the fixed status bits is not taken for a status") {
    PrinterStatus s;
    CHECK_FALSE(apply_status_byte(StatusRequest::paper_sensor, 0xFF, s));
    CHECK_FALSE(apply_status_byte(StatusRequest::printer, 0x00, s));
    CHECK(s == PrinterStatus{});
    CHECK(status_request(StatusRequest::paper_sensor) == std::string("\x10\x04\x04", 3));
}
