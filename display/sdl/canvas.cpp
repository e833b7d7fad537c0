#include "display/sdl/canvas.h"

#include <vector>

namespace guichet::display::sdl {

SdlCanvas::SdlCanvas(SDL_Renderer* renderer, TextCache& text, int width, int height)
    : renderer_(renderer), text_(text), width_(width), height_(height) {}

void SdlCanvas::fill(const ui::Rect& r, ui::Color c) {
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(renderer_, c.r, c.g, c.b, c.a);
    const SDL_Rect rect{r.x, r.y, r.w, r.h};
    SDL_RenderFillRect(renderer_, &rect);
}

void SdlCanvas::frame(const ui::Rect& r, ui::Color c, int thickness) {
    fill({r.x, r.y, r.w, thickness}, c);
    fill({r.x, r.y + r.h - thickness, r.w, thickness}, c);
    fill({r.x, r.y, thickness, r.h}, c);
    fill({r.x + r.w - thickness, r.y, thickness, r.h}, c);
}

void SdlCanvas::triangles(const std::vector<ui::Point>& points, ui::Color c) {
    std::vector<SDL_Vertex> vertices;
    vertices.reserve(points.size());
    for (const auto& p : points) vertices.push_back({{p.x, p.y}, {c.r, c.g, c.b, c.a}, {0, 0}});
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
    SDL_RenderGeometry(renderer_, nullptr, vertices.data(), static_cast<int>(vertices.size()),
                       nullptr, 0);
}

int SdlCanvas::text_width(std::string_view utf8, ui::Font font) {
    return text_.width(utf8, font);
}

int SdlCanvas::line_height(ui::Font font) {
    return TTF_FontHeight(text_.fonts().get(font));
}

int SdlCanvas::ascent(ui::Font font) {
    return TTF_FontAscent(text_.fonts().get(font));
}

void SdlCanvas::text(int x, int y, std::string_view utf8, ui::Font font, ui::Color c) {
    const TextTexture& t = text_.get(utf8, font, c);
    if (!t.texture) return;
    const SDL_Rect dst{x, y, t.w, t.h};
    SDL_RenderCopy(renderer_, t.texture, nullptr, &dst);
}

}  // namespace guichet::display::sdl
