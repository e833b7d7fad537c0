// The page of a touch screen at arm's length (kiosk, satisfaction terminal): a
// margin all round, a bar of buttons along the bottom, the choices between
// `top` and the bar.
//
// Contract: pure; millimetres become pixels with px_per_mm. In accessible mode
// the choices start at mid-height, so that every control is within reach of a
// seated visitor.
#pragma once

#include "display/ui/canvas.h"

namespace guichet::display::ui {

inline constexpr double kTouchGapMm = 6;  // >= 5 mm between touch targets
inline constexpr double kTouchMarginMm = 8;

struct TouchPage {
    Rect choices;
    Rect bar;
    int gap = 0;
    int margin = 0;
};

// `top`: where the choices start in standard mode (pixels; the heading is above).
TouchPage touch_page(int width, int height, double px_per_mm, double bar_mm, int top,
                     bool accessible);

}  // namespace guichet::display::ui
