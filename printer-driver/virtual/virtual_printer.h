// Virtual printer: draws decoded ESC/POS onto a picture of the paper roll.
//
// Contract: render() paints what the decoded stream would print, one paper
// dot per pixel, on a software SDL surface the profile's width_dots wide
// (no window, no GPU, works with no display). Text uses DejaVu Sans Mono in
// a 12 x 24 dot cell times the GS ! multipliers; QR codes are real (encoded
// with libqrencode, so a phone can read the PNG); CODE128 is drawn as a
// labelled placeholder, not scannable bars; cuts are dashed lines.
// save_png() throws std::runtime_error with the reason on failure.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "printer-driver/escpos/decoder.h"

struct SDL_Surface;

namespace guichet::printer {

struct SurfaceDeleter {
    void operator()(SDL_Surface* s) const;
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

struct VirtualPrinterOptions {
    int width_dots = 576;
    std::filesystem::path font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    std::filesystem::path bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
};

// An ARGB8888 surface; white paper, black print.
SurfacePtr render(const escpos::Decoded& decoded, const VirtualPrinterOptions& options);
void save_png(const escpos::Decoded& decoded, const VirtualPrinterOptions& options,
              const std::filesystem::path& file);

}  // namespace guichet::printer
