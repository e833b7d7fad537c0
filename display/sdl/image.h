// SDL setup, off-screen targets and PNG files.
//
// Contract: SdlSession initialises SDL (with the given subsystems), SDL_ttf
// and SDL_image for its lifetime and throws std::runtime_error on failure.
// Offscreen is an ARGB8888 surface with a software renderer on it: the same
// pixels on every machine, no window and no GPU needed.
#pragma once

#include <SDL2/SDL.h>

#include <memory>
#include <string>

namespace guichet::display::sdl {

class SdlSession {
  public:
    explicit SdlSession(Uint32 subsystems = 0);
    ~SdlSession();
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;
};

struct SurfaceDeleter {
    void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

class Offscreen {
  public:
    Offscreen(int width, int height);
    ~Offscreen();
    Offscreen(const Offscreen&) = delete;
    Offscreen& operator=(const Offscreen&) = delete;

    SDL_Renderer* renderer() const { return renderer_; }
    SDL_Surface* surface() const { return surface_.get(); }

  private:
    SurfacePtr surface_;
    SDL_Renderer* renderer_ = nullptr;
};

// Throws std::runtime_error naming the file on failure.
void save_png(SDL_Surface* surface, const std::string& path);
// nullptr when the file is missing or unreadable; converted to ARGB8888.
SurfacePtr load_png(const std::string& path);
// Reads back what a (window) renderer shows, as ARGB8888.
SurfacePtr read_pixels(SDL_Renderer* renderer, int width, int height);

}  // namespace guichet::display::sdl
