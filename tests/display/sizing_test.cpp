#include <catch2/catch.hpp>

#include <SDL2/SDL_ttf.h>

#include <regex>

#include "display/board/board.h"
#include "display/sdl/text.h"
#include "display/ui/sizing.h"
#include "tests/display/recording_canvas.h"
#include "tests/display/render_support.h"

using namespace guichet::display;

TEST_CASE("required character heights scale with the viewing distance", "[display][sizing]") {
    CHECK(ui::required_number_cap_mm(6) == Approx(50));
    CHECK(ui::required_text_cap_mm(6) == Approx(15));
    CHECK(ui::required_number_cap_mm(8) == Approx(66.67).epsilon(0.001));
    CHECK(ui::required_text_cap_mm(8) == Approx(20));
    CHECK(ui::required_text_cap_mm(0.5) == Approx(3.5));  // arm's length floor
}

TEST_CASE("the text scale of a 55-inch board read from 6 m meets the minimums",
          "[display][sizing]") {
    for (double distance : {3.0, 6.0, 8.0}) {
        const auto scale = ui::text_scale(1920, 1080, {1218, 685, distance});
        INFO("distance " << distance);
        CHECK(ui::cap_mm_of(scale.number_px, scale.px_per_mm) >=
              ui::required_number_cap_mm(distance));
        CHECK(ui::cap_mm_of(scale.body_px, scale.px_per_mm) >= ui::required_text_cap_mm(distance));
        // ...without overshooting by more than a pixel of cap height.
        CHECK(ui::cap_mm_of(scale.body_px - 2, scale.px_per_mm) <
              ui::required_text_cap_mm(distance));
    }
}

// Height in pixels of the inked rows of `glyphs` rendered at `px`.
static int ink_height(const char* glyphs, int px) {
    test::render(1, 1, [](ui::Canvas&) {});  // makes sure SDL_ttf is initialised
    sdl::Fonts fonts;
    SDL_Surface* s =
        TTF_RenderUTF8_Blended(fonts.get({px, true}), glyphs, SDL_Color{255, 255, 255, 255});
    REQUIRE(s);
    SDL_Surface* argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    int first = -1, last = -1;
    for (int y = 0; y < argb->h; ++y) {
        const auto* row = reinterpret_cast<const Uint32*>(static_cast<const char*>(argb->pixels) +
                                                          y * argb->pitch);
        for (int x = 0; x < argb->w; ++x) {
            if ((row[x] >> 24) > 128) {
                if (first < 0) first = y;
                last = y;
                break;
            }
        }
    }
    SDL_FreeSurface(argb);
    SDL_FreeSurface(s);
    return last - first + 1;
}

TEST_CASE("the cap-height constant matches the shipped DejaVu font", "[display][sizing]") {
    for (int px : {40, 109, 200}) {
        const double expected = px * ui::kCapHeightPerEm;
        INFO("font px " << px);
        CHECK(std::abs(ink_height("HEFT", px) - expected) <= 2.0);
    }
}

TEST_CASE("every text drawn on the board is at least 15 mm high, ticket numbers at least 50 mm",
          "[display][sizing]") {
    const std::regex ticket("[A-Z][0-9]{3}");
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
        const auto theme = test::board_theme(w, h);
        board::BoardModel model;
        model.state = test::mairie_board(8);
        model.state.notice =
            guichet::protocol::LocalizedText{"Fermeture exceptionnelle samedi", "Closed Saturday"};
        model.connection_lost = true;
        std::vector<test::DrawnText> texts;
        test::render(w, h, [&](ui::Canvas& c) {
            test::RecordingCanvas rec(c);
            board::draw(rec, model, theme, test::fixed_now());
            texts = rec.texts;
        });
        REQUIRE(texts.size() > 20);
        int numbers = 0;
        for (const auto& t : texts) {
            INFO(w << "x" << h << " \"" << t.text << "\" at " << t.font.px << " px");
            const double cap = ui::cap_mm_of(t.font.px, theme.text.px_per_mm);
            CHECK(cap >= 15.0);
            if (std::regex_match(t.text, ticket)) {
                ++numbers;
                CHECK(cap >= 50.0);
            }
        }
        CHECK(numbers >= 5);  // the current call and at least four before it
    }
}
