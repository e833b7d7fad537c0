#include <catch2/catch.hpp>

#include "display/ui/theme.h"

using namespace guichet::display::ui;

TEST_CASE("contrast ratio follows WCAG: black on white is 21, a colour on itself is 1",
          "[display][theme]") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {0, 0, 0}) == Approx(21.0));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {0x77, 0x77, 0x77}) == Approx(1.0));
    // #767676 on white is the classic 4.54:1 AA limit.
    CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("every colour pair of every shipped theme reaches 7:1", "[display][theme]") {
    for (const auto& palette : {default_palette(), high_contrast_palette()}) {
        const auto inks = palette.inks();
        CHECK(inks.size() == 10);
        for (const auto& [name, ink] : inks) {
            INFO(palette.name << "." << name);
            CHECK(contrast_ratio(ink.fg, ink.bg) >= 7.0);
        }
    }
}

TEST_CASE("the high-contrast theme beats the default theme on ordinary text", "[display][theme]") {
    const auto normal = default_palette().page;
    const auto high = high_contrast_palette().page;
    CHECK(contrast_ratio(high.fg, high.bg) > contrast_ratio(normal.fg, normal.bg));
}
