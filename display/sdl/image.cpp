#include "display/sdl/image.h"

#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>

#include <stdexcept>

namespace guichet::display::sdl {

SdlSession::SdlSession(Uint32 subsystems) {
    if (SDL_Init(subsystems) != 0)
        throw std::runtime_error(std::string("SDL_Init: ") + SDL_GetError());
    if (TTF_Init() != 0) throw std::runtime_error(std::string("TTF_Init: ") + TTF_GetError());
    if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        throw std::runtime_error(std::string("IMG_Init: ") + IMG_GetError());
    }
}

SdlSession::~SdlSession() {
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
}

Offscreen::Offscreen(int width, int height)
    : surface_(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888)) {
    if (!surface_)
        throw std::runtime_error(std::string("cannot create surface: ") + SDL_GetError());
    renderer_ = SDL_CreateSoftwareRenderer(surface_.get());
    if (!renderer_) throw std::runtime_error(std::string("software renderer: ") + SDL_GetError());
}

Offscreen::~Offscreen() {
    SDL_DestroyRenderer(renderer_);
}

void save_png(SDL_Surface* surface, const std::string& path) {
    if (IMG_SavePNG(surface, path.c_str()) != 0) {
        throw std::runtime_error("cannot write " + path + ": " + IMG_GetError());
    }
}

SurfacePtr load_png(const std::string& path) {
    SurfacePtr loaded(IMG_Load(path.c_str()));
    if (!loaded) return nullptr;
    return SurfacePtr(SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
}

SurfacePtr read_pixels(SDL_Renderer* renderer, int width, int height) {
    SurfacePtr out(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!out) return nullptr;
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, out->pixels,
                             out->pitch) != 0) {
        return nullptr;
    }
    return out;
}

}  // namespace guichet::display::sdl
