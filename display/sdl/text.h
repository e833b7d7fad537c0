// Text for SDL screens: fonts by size, and a cache of rendered text textures.
//
// Contract: Fonts opens a TTF file once per (weight, pixel size) and keeps it
// until destroyed; it throws std::runtime_error naming the file when a font
// cannot be opened. TextCache renders a (text, font, colour) once and reuses
// the texture on every later frame, so an unchanged screen costs no glyph
// rendering. When full it drops the least recently drawn texture only, so
// what is on screen stays cached (dropping everything at once made one frame
// in a hundred re-render the whole board: the board's p99 latency). Needs
// TTF_Init() (see SdlSession). Not thread-safe: use it from the thread that
// owns the renderer.
#pragma once

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include <cstddef>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "display/ui/canvas.h"

namespace guichet::display::sdl {

inline constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kDefaultBoldFont =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

class Fonts {
  public:
    explicit Fonts(std::string regular_path = kDefaultFont,
                   std::string bold_path = kDefaultBoldFont);
    ~Fonts();
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    TTF_Font* get(ui::Font font);

  private:
    std::string regular_path_, bold_path_;
    std::map<std::pair<int, bool>, TTF_Font*> open_;
};

struct TextTexture {
    SDL_Texture* texture = nullptr;
    int w = 0, h = 0;
};

class TextCache {
  public:
    TextCache(SDL_Renderer* renderer, Fonts& fonts, std::size_t capacity = 512);
    ~TextCache();
    TextCache(const TextCache&) = delete;
    TextCache& operator=(const TextCache&) = delete;

    const TextTexture& get(std::string_view utf8, ui::Font font, ui::Color color);
    int width(std::string_view utf8, ui::Font font);
    Fonts& fonts() { return fonts_; }

    std::size_t hits() const { return hits_; }
    std::size_t misses() const { return misses_; }

  private:
    struct Entry {
        TextTexture texture;
        std::list<std::string>::iterator use;  // its place in recent_
    };
    SDL_Renderer* renderer_;
    Fonts& fonts_;
    std::size_t capacity_;
    std::unordered_map<std::string, Entry> textures_;
    std::list<std::string> recent_;  // keys, most recently drawn first
    std::unordered_map<std::string, int> widths_;
    std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace guichet::display::sdl
