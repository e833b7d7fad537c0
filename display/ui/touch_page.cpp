#include "display/ui/touch_page.h"

#include "display/ui/sizing.h"

namespace guichet::display::ui {

TouchPage touch_page(int width, int height, double px_per_mm, double bar_mm, int top,
                     bool accessible) {
    TouchPage p;
    p.margin = mm_to_px(kTouchMarginMm, px_per_mm);
    p.gap = mm_to_px(kTouchGapMm, px_per_mm);
    const int bar_h = mm_to_px(bar_mm, px_per_mm);
    p.bar = {p.margin, height - p.margin - bar_h, width - 2 * p.margin, bar_h};
    if (accessible) top = height / 2;
    p.choices = {p.margin, top, width - 2 * p.margin, p.bar.y - p.gap - top};
    return p;
}

}  // namespace guichet::display::ui
