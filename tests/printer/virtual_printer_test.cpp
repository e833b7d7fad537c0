// The virtual printer: a ticket becomes a PNG a person can look at.
#include <catch2/catch.hpp>

#include <SDL.h>
#include <SDL_image.h>

#include "printer-driver/escpos/decoder.h"
#include "printer-driver/virtual/virtual_printer.h"
#include "tests/printer/printer_test_support.h"
#include "tests/support/temp_dir.h"

using namespace guichet::printer;

namespace {

int black_pixels(SDL_Surface* s, int y0, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y) {
        const auto* row =
            reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(s->pixels) + y * s->pitch);
        for (int x = 0; x < s->w; ++x) {
            Uint8 r, g, b;
            SDL_GetRGB(row[x], s->format, &r, &g, &b);
            n += (r + g + b) < 200;
        }
    }
    return n;
}

}  // namespace

TEST_CASE("The virtual printer writes a PNG as wide as the paper, with ink on it") {
    const Profile p = test::profile("epson-tm-t20iii");
    const auto decoded =
        guichet::escpos::decode(render_ticket(test::sample_ticket(), p), p.decoder_options());
    guichet::test::TempDir dir("virtual");
    const auto png = dir / "ticket.png";
    save_png(decoded, {p.width_dots}, png);

    SDL_Surface* loaded = IMG_Load(png.c_str());
    REQUIRE(loaded != nullptr);
    SDL_Surface* s = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    REQUIRE(s != nullptr);
    CHECK(s->w == 576);
    CHECK(s->h > 600);
    const int ink = black_pixels(s, 0, s->h);
    CHECK(ink > 5000);             // text, big number and QR code
    CHECK(ink < s->w * s->h / 3);  // still mostly paper
    SDL_FreeSurface(s);
    if (const char* keep = std::getenv("GUICHET_KEEP_PNG")) {
        std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);
    }
}

TEST_CASE("The big ticket number is drawn with four times the ink of normal text") {
    guichet::escpos::Encoder normal;
    normal.line("A042");
    guichet::escpos::Encoder big;
    big.size(4, 4).line("A042");
    const auto a = render(guichet::escpos::decode(normal.bytes()), {576});
    const auto b = render(guichet::escpos::decode(big.bytes()), {576});
    const int ink_a = black_pixels(a.get(), 0, a->h);
    const int ink_b = black_pixels(b.get(), 0, b->h);
    CHECK(ink_a > 50);
    CHECK(ink_b > 10 * ink_a);  // 16x the area, anti-aliasing aside
}
