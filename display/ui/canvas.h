// What the screens draw on: rectangles, frames, triangles and UTF-8 text.
//
// Contract: the board, kiosk and counter drawing code sees only this
// interface, so the same code draws the real window (display/sdl) and the
// test images, and tests can record what was drawn. Coordinates are pixels
// from the top-left corner; text is placed by the top of its line box.
#pragma once

#include <string_view>
#include <vector>

#include "display/ui/color.h"

namespace guichet::display::ui {

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    bool contains(int px, int py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    friend bool operator==(const Rect&, const Rect&) = default;
};

struct Point {
    float x = 0, y = 0;
};

struct Font {
    int px = 16;  // em size in pixels
    bool bold = false;
};

class Canvas {
  public:
    virtual ~Canvas() = default;
    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual void fill(const Rect& r, Color c) = 0;
    // A border `thickness` pixels wide drawn inside `r`.
    virtual void frame(const Rect& r, Color c, int thickness) = 0;
    // Filled triangles, three points each, not anti-aliased (exact test images).
    virtual void triangles(const std::vector<Point>& points, Color c) = 0;
    virtual int text_width(std::string_view utf8, Font font) = 0;
    virtual int line_height(Font font) = 0;
    // From the top of the line box to the baseline.
    virtual int ascent(Font font) = 0;
    virtual void text(int x, int y, std::string_view utf8, Font font, Color c) = 0;
};

}  // namespace guichet::display::ui
