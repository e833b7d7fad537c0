// Printer profiles and the ticket layout, down to the byte (golden files).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "printer-driver/escpos/decoder.h"
#include "tests/printer/printer_test_support.h"
#include "tests/support/temp_dir.h"

using namespace guichet::printer;
using namespace guichet::escpos;
using guichet::printer::test::profile;
using guichet::printer::test::sample_ticket;

namespace {

const std::string kGoldenDir = std::string(GUICHET_SOURCE_DIR) + "/tests/printer/golden/";

std::vector<TextLine> lines(const Decoded& d) {
    std::vector<TextLine> out;
    for (const auto& b : d.blocks) {
        if (const auto* l = std::get_if<TextLine>(&b)) out.push_back(*l);
    }
    return out;
}

// Compares with the committed golden file; GUICHET_UPDATE_GOLDEN=1 rewrites it.
void check_golden(const std::string& name, const std::string& bytes) {
    const std::string path = kGoldenDir + name;
    if (std::getenv("GUICHET_UPDATE_GOLDEN") != nullptr) {
        guichet::test::write_file(path, bytes);
    }
    const std::string golden = guichet::test::read_file(path);
    INFO("golden file " << path << " (regenerate with GUICHET_UPDATE_GOLDEN=1 once reviewed)");
    CHECK(golden.size() == bytes.size());
    CHECK(golden == bytes);
}

}  // namespace

TEST_CASE("Every shipped printer profile loads with the facts the driver needs") {
    const auto all = load_profiles(std::string(GUICHET_SOURCE_DIR) + "/hardware/profiles");
    REQUIRE(all.size() >= 6);
    for (const auto& p : all) {
        INFO(p.id);
        CHECK(p.width_dots >= p.columns * 12);
        CHECK_FALSE(p.usb_ids.empty());
        CHECK(p.code_pages.count(p.preferred_code_page()) == 1);
    }
    const Profile t88 = profile("epson-tm-t88vi");
    CHECK(t88.width_dots == 512);
    CHECK(t88.columns == 42);
    CHECK(t88.code_pages.at(CodePage::cp858) == 19);
    CHECK(t88.matches({0x04b8, 0x0202}));
    CHECK_FALSE(t88.matches({0x04b8, 0x0e28}));
    const Profile clone = profile("generic-58mm");
    CHECK(clone.width_dots == 384);
    CHECK(clone.cut == CutSupport::none);
    CHECK(find_profile(all, "epson-tm-t20iii").has_value());
    CHECK_FALSE(find_profile(all, "nope").has_value());
}

TEST_CASE("A bad profile is refused with its file, line and reason") {
    guichet::test::TempDir dir("profile");
    guichet::test::write_file(dir / "bad.toml",
                              "[printer]\nid = \"x\"\nname = \"X\"\npaper_mm = 80\n"
                              "width_dots = -5\ncolumns = 48\ndpi = 203\nspeed_mm_s = 250\n");
    try {
        load_profile(dir / "bad.toml");
        FAIL("no error");
    } catch (const ProfileError& e) {
        const std::string what = e.what();
        CHECK(what.find("bad.toml:5:") != std::string::npos);
        CHECK(what.find("width_dots") != std::string::npos);
    }
    guichet::test::write_file(dir / "syntax.toml", "[printer\n");
    CHECK_THROWS_WITH(load_profile(dir / "syntax.toml"), Catch::Contains("syntax.toml:1:"));
}

TEST_CASE("The people-ahead sentence agrees in number, in French and English") {
    CHECK(ahead_sentence(0, "fr") == "Personne avant vous");
    CHECK(ahead_sentence(1, "fr") == "1 personne avant vous");
    CHECK(ahead_sentence(3, "fr") == "3 personnes avant vous");
    CHECK(ahead_sentence(0, "en") == "No one ahead of you");
    CHECK(ahead_sentence(1, "en") == "1 person ahead of you");
    CHECK(ahead_sentence(3, "en") == "3 people ahead of you");
}

TEST_CASE("The estimated wait is announced rounded to 5 minutes, never falsely precise") {
    CHECK(wait_sentence(14 * 60 + 20, "fr") == "Attente estimée : environ 15 min");
    CHECK(wait_sentence(17 * 60, "fr") == "Attente estimée : environ 15 min");
    CHECK(wait_sentence(18 * 60, "fr") == "Attente estimée : environ 20 min");
    CHECK(wait_sentence(30, "fr") == "Attente estimée : moins de 5 min");
    CHECK(wait_sentence(75 * 60, "fr") == "Attente estimée : environ 1 h 15");
    CHECK(wait_sentence(120 * 60, "en") == "Estimated wait: about 2 h");
    CHECK(wait_sentence(65 * 60, "en") == "Estimated wait: about 1 h 05 min");
}

TEST_CASE("Long lines are wrapped at spaces and counted in characters, not bytes") {
    CHECK(wrap("été été été", 7) == std::vector<std::string>{"été été", "été"});
    CHECK(wrap("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    CHECK(wrap("", 10) == std::vector<std::string>{""});
    CHECK(wrap("ouvert de 8 h 30", 11) == std::vector<std::string>{"ouvert de", "8 h 30"});
    CHECK(wrap("Une question ? Oui", 13) == std::vector<std::string>{"Une", "question ?", "Oui"});
}

TEST_CASE("An 80 mm ticket prints the number big, the wait in French, the QR code and a cut") {
    const Profile p = profile("epson-tm-t20iii");
    const Decoded d = decode(render_ticket(sample_ticket(), p), p.decoder_options());
    CHECK(d.warnings.empty());
    const std::string text = d.text();
    CHECK(text.find("Mairie du 11e arrondissement\n") != std::string::npos);
    CHECK(text.find("Votre numéro\n") != std::string::npos);
    CHECK(text.find("3 personnes avant vous\n") != std::string::npos);
    CHECK(text.find("Attente estimée : environ 15 min\n") != std::string::npos);
    CHECK(text.find("lundi 23 novembre 2026 à 10:42\n") != std::string::npos);
    CHECK(text.find("Une réclamation ? Le Médiateur") != std::string::npos);
    CHECK(text.find("jusqu'à 19 h 30") != std::string::npos);  // ’ printed as '
    for (std::size_t q = text.find('?'); q != std::string::npos; q = text.find('?', q + 1)) {
        INFO("a '?' stands for a character the code page lacks: " << text.substr(q - 10, 20));
        CHECK(text[q - 1] == ' ');
    }

    bool big_number = false;
    for (const auto& line : lines(d)) {
        for (const auto& span : line.spans) {
            INFO(span.text);
            CHECK(static_cast<int>(span.text.size()) <= 3 * p.columns / span.width);  // UTF-8 slack
            if (span.text == "A042") big_number = span.width == 4 && span.height == 4 && span.bold;
        }
    }
    CHECK(big_number);
    REQUIRE(d.find("GS ( k").size() == 5);
    CHECK(d.find("GS ( k")[3].data == *sample_ticket().qr);
    REQUIRE(std::holds_alternative<CutBlock>(d.blocks.back()));
    CHECK(std::get<CutBlock>(d.blocks.back()).kind == CutKind::partial);
}

TEST_CASE("A 58 mm clone ticket fits 32 columns, leaves out the QR code and feeds to tear off") {
    const Profile p = profile("generic-58mm");
    const Decoded d = decode(render_ticket(sample_ticket(), p), p.decoder_options());
    CHECK(d.warnings.empty());
    for (const auto& line : lines(d)) {
        for (const auto& span : line.spans) {
            std::size_t chars = 0;
            for (const char c : span.text) chars += (c & 0xC0) != 0x80;
            INFO(span.text);
            CHECK(static_cast<int>(chars) * span.width <= p.columns);
        }
    }
    CHECK(d.find("GS ( k").empty());
    CHECK(d.find("GS V").empty());
    CHECK(std::holds_alternative<FeedBlock>(d.blocks.back()));
    CHECK(d.text().find("3 personnes avant vous") != std::string::npos);
}

TEST_CASE("An English ticket speaks English and still names the service in French") {
    TicketContent t = sample_ticket();
    t.lang = "en";
    const Profile p = profile("epson-tm-t88vi");
    const std::string text = decode(render_ticket(t, p), p.decoder_options()).text();
    CHECK(text.find("Your number\n") != std::string::npos);
    CHECK(text.find("3 people ahead of you\n") != std::string::npos);
    CHECK(text.find("Estimated wait: about 15 min\n") != std::string::npos);
    CHECK(text.find("Civil status certificates\n") != std::string::npos);
    CHECK(text.find("État civil") != std::string::npos);
}

TEST_CASE("A return-time ticket tells the visitor when to come back, in local time") {
    TicketContent t = sample_ticket();
    t.estimated_wait_s = 4980;
    t.return_at = "2026-03-16T10:25:00+01:00";
    const Profile p = profile("epson-tm-t88vi");
    // The sentence may be wrapped: read the ticket as one line.
    auto one_line = [&](const TicketContent& c) {
        std::string text = decode(render_ticket(c, p), p.decoder_options()).text();
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    };
    CHECK_THAT(one_line(t), Catch::Contains("Revenez vers 10 h 25 : vous gardez votre place."));
    t.lang = "en";
    CHECK_THAT(one_line(t), Catch::Contains("Come back around 10:25: you keep your place."));
    t.return_at.reset();
    CHECK_THAT(one_line(t), !Catch::Contains("Come back"));
    CHECK_FALSE(return_sentence("demain", "fr"));
}

TEST_CASE("A site logo is printed as a raster picture of its own size") {
    TicketContent t = sample_ticket();
    t.logo = MonoImage{200, 60, std::vector<std::uint8_t>(25 * 60, 0xAA)};
    const Profile p = profile("epson-tm-t20iii");
    const Decoded d = decode(render_ticket(t, p), p.decoder_options());
    const auto* image = std::get_if<ImageBlock>(&d.blocks.front());
    REQUIRE(image != nullptr);
    CHECK(image->image.width == 200);
    CHECK(image->image.height == 60);
    CHECK(image->align == Align::center);
}

TEST_CASE("The 80 mm ticket bytes match the golden file") {
    check_golden("ticket-80mm-tm-t20iii.bin",
                 render_ticket(sample_ticket(), profile("epson-tm-t20iii")));
}

TEST_CASE("The 58 mm ticket bytes match the golden file") {
    check_golden("ticket-58mm-generic.bin",
                 render_ticket(sample_ticket(), profile("generic-58mm")));
}

TEST_CASE("The udev rule grants access to every USB id of every shipped profile") {
    const std::string rules = guichet::test::read_file(
        std::string(GUICHET_SOURCE_DIR) + "/hardware/udev/" + "60-guichet-printers.rules");
    for (const auto& p : load_profiles(std::string(GUICHET_SOURCE_DIR) + "/hardware/profiles")) {
        for (const auto& id : p.usb_ids) {
            char line[96];
            std::snprintf(line, sizeof line, "ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\"",
                          id.vendor, id.product);
            INFO(p.id << ": " << line);
            CHECK(rules.find(line) != std::string::npos);
        }
    }
}
