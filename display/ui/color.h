// Colours and their contrast (WCAG 2.x relative luminance).
//
// Contract: pure functions; contrast_ratio is symmetric and lies in [1, 21].
#pragma once

#include <cstdint>

namespace guichet::display::ui {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Color&, const Color&) = default;
};

// WCAG 2.x relative luminance in [0, 1].
double relative_luminance(Color c);
// (L1 + 0.05) / (L2 + 0.05) with L1 the lighter one.
double contrast_ratio(Color a, Color b);

}  // namespace guichet::display::ui
