#include "printer-driver/ticket/logo.h"

#include <SDL.h>
#include <SDL_image.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace guichet::printer {

escpos::MonoImage load_logo(const std::filesystem::path& file, int max_width_dots) {
    const std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> loaded(IMG_Load(file.c_str()),
                                                                          SDL_FreeSurface);
    if (!loaded) throw std::runtime_error("logo " + file.string() + ": " + IMG_GetError());
    const std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> rgba(
        SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ABGR8888, 0), SDL_FreeSurface);
    if (!rgba) throw std::runtime_error("logo " + file.string() + ": " + SDL_GetError());

    const int src_w = rgba->w;
    const int src_h = rgba->h;
    const int width = std::clamp(src_w, 1, std::max(max_width_dots, 1));
    const int height = std::max(1, src_h * width / std::max(src_w, 1));
    escpos::MonoImage image{width, height, {}};
    image.bits.assign(static_cast<std::size_t>(image.bytes_per_row() * height), 0);

    const auto* pixels = static_cast<const Uint8*>(rgba->pixels);
    for (int y = 0; y < height; ++y) {
        const int sy = y * src_h / height;
        for (int x = 0; x < width; ++x) {
            const int sx = x * src_w / width;
            const Uint8* p = pixels + sy * rgba->pitch + sx * 4;  // R, G, B, A in memory
            const int luminance = (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
            if (p[3] >= 128 && luminance < 128) {
                image.bits[static_cast<std::size_t>(y * image.bytes_per_row() + x / 8)] |=
                    static_cast<std::uint8_t>(0x80 >> (x % 8));
            }
        }
    }
    return image;
}

}  // namespace guichet::printer
