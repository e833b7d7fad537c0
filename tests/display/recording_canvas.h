// A Canvas decorator that records every piece of text drawn, with its font,
// then forwards to the real canvas (used by the character-height tests).
#pragma once

#include <string>
#include <vector>

#include "display/ui/canvas.h"

namespace guichet::display::test {

struct DrawnText {
    std::string text;
    ui::Font font;
    ui::Color color;
};

class RecordingCanvas : public ui::Canvas {
  public:
    explicit RecordingCanvas(ui::Canvas& inner) : inner_(inner) {}
    int width() const override { return inner_.width(); }
    int height() const override { return inner_.height(); }
    void fill(const ui::Rect& r, ui::Color c) override { inner_.fill(r, c); }
    void frame(const ui::Rect& r, ui::Color c, int t) override { inner_.frame(r, c, t); }
    void triangles(const std::vector<ui::Point>& p, ui::Color c) override {
        inner_.triangles(p, c);
    }
    int text_width(std::string_view s, ui::Font f) override { return inner_.text_width(s, f); }
    int line_height(ui::Font f) override { return inner_.line_height(f); }
    int ascent(ui::Font f) override { return inner_.ascent(f); }
    void text(int x, int y, std::string_view s, ui::Font f, ui::Color c) override {
        texts.push_back({std::string(s), f, c});
        inner_.text(x, y, s, f, c);
    }
    std::vector<DrawnText> texts;

  private:
    ui::Canvas& inner_;
};

}  // namespace guichet::display::test
