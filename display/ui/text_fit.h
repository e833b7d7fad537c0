// Fitting text into a box: wrap on spaces, shrink, then ellipsize.
//
// Contract: the result has at most `max_lines` lines, each no wider than
// `max_width` as measured by the canvas, at a size between `min_px` and
// `font.px`. Only when the text cannot fit at `min_px` is the last line cut
// and ended with "…" (long service names keep their start). Never returns a
// size below `min_px`: legibility rules win over completeness.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "display/ui/canvas.h"

namespace guichet::display::ui {

struct FittedText {
    Font font;
    std::vector<std::string> lines;
};

FittedText fit_text(Canvas& canvas, std::string_view text, int max_width, int max_lines, Font font,
                    int min_px);

enum class Align { left, center, right };

// Draws `fitted` from `y` down inside [x, x + width); returns the height used.
int draw_fitted(Canvas& canvas, const FittedText& fitted, int x, int y, int width, Align align,
                Color color);

// One line at a fixed font, aligned in [x, x + width).
void draw_line(Canvas& canvas, std::string_view text, int x, int y, int width, Align align,
               Font font, Color color);

// A short notice ("Connexion perdue") in `fg` on a `bg` box whose right edge
// is `right`, `pad` pixels around the text.
void draw_badge(Canvas& canvas, std::string_view text, int right, int top, int pad, Font font,
                Color fg, Color bg);

// Pixel height of capitals and digits of `font`.
int cap_px(Font font);
// Draws one line so that the top of its capitals is at `cap_top`: boxes sized
// on cap heights waste no room on descenders that ticket numbers never have.
void draw_at_cap(Canvas& canvas, std::string_view text, int x, int cap_top, Font font, Color color);

}  // namespace guichet::display::ui
