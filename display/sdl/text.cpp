#include "display/sdl/text.h"

#include <stdexcept>

namespace guichet::display::sdl {

Fonts::Fonts(std::string regular_path, std::string bold_path)
    : regular_path_(std::move(regular_path)), bold_path_(std::move(bold_path)) {}

Fonts::~Fonts() {
    for (auto& [key, font] : open_) TTF_CloseFont(font);
}

TTF_Font* Fonts::get(ui::Font font) {
    const auto key = std::make_pair(font.px, font.bold);
    if (auto it = open_.find(key); it != open_.end()) return it->second;
    const std::string& path = font.bold ? bold_path_ : regular_path_;
    TTF_Font* opened = TTF_OpenFont(path.c_str(), font.px);
    if (!opened) throw std::runtime_error("cannot open font " + path + ": " + TTF_GetError());
    open_.emplace(key, opened);
    return opened;
}

namespace {

std::string cache_key(std::string_view utf8, ui::Font font, ui::Color color) {
    std::string key;
    key.reserve(utf8.size() + 16);
    key += std::to_string(font.px);
    key += font.bold ? 'b' : 'r';
    key += static_cast<char>(color.r);
    key += static_cast<char>(color.g);
    key += static_cast<char>(color.b);
    key += static_cast<char>(color.a);
    key += utf8;
    return key;
}

}  // namespace

TextCache::TextCache(SDL_Renderer* renderer, Fonts& fonts, std::size_t capacity)
    : renderer_(renderer), fonts_(fonts), capacity_(capacity) {}

TextCache::~TextCache() {
    for (auto& [key, e] : textures_) SDL_DestroyTexture(e.texture.texture);
}

const TextTexture& TextCache::get(std::string_view utf8, ui::Font font, ui::Color color) {
    std::string key = cache_key(utf8, font, color);
    if (auto it = textures_.find(key); it != textures_.end()) {
        ++hits_;
        recent_.splice(recent_.begin(), recent_, it->second.use);
        return it->second.texture;
    }
    ++misses_;
    if (textures_.size() >= capacity_) {
        const auto oldest = textures_.find(recent_.back());
        SDL_DestroyTexture(oldest->second.texture.texture);
        textures_.erase(oldest);
        recent_.pop_back();
    }
    TextTexture t;
    const std::string text(utf8);
    SDL_Surface* surface =
        text.empty() ? nullptr
                     : TTF_RenderUTF8_Blended(fonts_.get(font), text.c_str(),
                                              SDL_Color{color.r, color.g, color.b, color.a});
    if (surface) {
        t.texture = SDL_CreateTextureFromSurface(renderer_, surface);
        t.w = surface->w;
        t.h = surface->h;
        SDL_FreeSurface(surface);
    }
    recent_.push_front(key);
    return textures_.emplace(std::move(key), Entry{t, recent_.begin()}).first->second.texture;
}

int TextCache::width(std::string_view utf8, ui::Font font) {
    const std::string key = cache_key(utf8, font, {});
    if (auto it = widths_.find(key); it != widths_.end()) return it->second;
    int w = 0, h = 0;
    if (!utf8.empty()) TTF_SizeUTF8(fonts_.get(font), std::string(utf8).c_str(), &w, &h);
    if (widths_.size() >= capacity_ * 8) widths_.clear();
    widths_.emplace(key, w);
    return w;
}

}  // namespace guichet::display::sdl
