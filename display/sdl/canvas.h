// ui::Canvas over an SDL renderer (window or software renderer on a surface).
//
// Contract: draws immediately on `renderer`; text goes through the TextCache.
// The canvas does not own the renderer nor the cache.
#pragma once

#include <SDL2/SDL.h>

#include "display/sdl/text.h"
#include "display/ui/canvas.h"

namespace guichet::display::sdl {

class SdlCanvas : public ui::Canvas {
  public:
    SdlCanvas(SDL_Renderer* renderer, TextCache& text, int width, int height);

    int width() const override { return width_; }
    int height() const override { return height_; }
    void fill(const ui::Rect& r, ui::Color c) override;
    void frame(const ui::Rect& r, ui::Color c, int thickness) override;
    void triangles(const std::vector<ui::Point>& points, ui::Color c) override;
    int text_width(std::string_view utf8, ui::Font font) override;
    int line_height(ui::Font font) override;
    int ascent(ui::Font font) override;
    void text(int x, int y, std::string_view utf8, ui::Font font, ui::Color c) override;

  private:
    SDL_Renderer* renderer_;
    TextCache& text_;
    int width_, height_;
};

}  // namespace guichet::display::sdl
