#include "printer-driver/virtual/virtual_printer.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <qrencode.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace guichet::printer {
namespace {

constexpr int kCellWidth = 12;  // Font A
constexpr int kCellHeight = 24;
constexpr int kLineSpacing = 30;  // ESC 2 default, in dots
constexpr int kMaxHeight = 32000;

struct FontDeleter {
    void operator()(TTF_Font* f) const { TTF_CloseFont(f); }
};

class Painter {
  public:
    explicit Painter(const VirtualPrinterOptions& options) : options_(options) {
        if (TTF_WasInit() == 0 && TTF_Init() != 0) {
            throw std::runtime_error(std::string("TTF_Init: ") + TTF_GetError());
        }
        paper_.reset(SDL_CreateRGBSurfaceWithFormat(0, options.width_dots, kMaxHeight, 32,
                                                    SDL_PIXELFORMAT_ARGB8888));
        if (!paper_) throw std::runtime_error(std::string("SDL surface: ") + SDL_GetError());
        SDL_FillRect(paper_.get(), nullptr, white());
    }

    SurfacePtr finish(const escpos::Decoded& decoded) {
        for (const auto& block : decoded.blocks) std::visit([&](const auto& b) { draw(b); }, block);
        const int height = std::max(y_ + kLineSpacing, 1);
        SurfacePtr out(SDL_CreateRGBSurfaceWithFormat(0, options_.width_dots, height, 32,
                                                      SDL_PIXELFORMAT_ARGB8888));
        if (!out) throw std::runtime_error(std::string("SDL surface: ") + SDL_GetError());
        SDL_Rect area{0, 0, options_.width_dots, height};
        SDL_BlitSurface(paper_.get(), &area, out.get(), nullptr);
        return out;
    }

  private:
    Uint32 white() const { return SDL_MapRGB(paper_->format, 255, 255, 255); }
    Uint32 black() const { return SDL_MapRGB(paper_->format, 0, 0, 0); }

    int x_for(escpos::Align align, int width) const {
        switch (align) {
            case escpos::Align::center:
                return std::max((options_.width_dots - width) / 2, 0);
            case escpos::Align::right:
                return std::max(options_.width_dots - width, 0);
            case escpos::Align::left:
                break;
        }
        return 0;
    }

    void dot(int x, int y, int size) {
        SDL_Rect r{x, y, size, size};
        SDL_FillRect(paper_.get(), &r, black());
    }

    TTF_Font* font(int pixels, bool bold) {
        auto& slot = fonts_[{pixels, bold}];
        if (!slot) {
            const auto& path = bold ? options_.bold_font : options_.font;
            slot.reset(TTF_OpenFont(path.c_str(), pixels));
            if (!slot) throw std::runtime_error("font " + path.string() + ": " + TTF_GetError());
        }
        return slot.get();
    }

    void draw(const escpos::TextLine& line) {
        int width = 0;
        for (const auto& span : line.spans) {
            width += static_cast<int>(count_chars(span.text)) * kCellWidth * span.width;
        }
        int x = x_for(line.align, width);
        const int height = line.height();
        for (const auto& span : line.spans) {
            const int chars = static_cast<int>(count_chars(span.text));
            if (chars == 0) continue;
            // The glyphs are drawn at the cell height, then stretched to the
            // multiplied cell, as the print head does.
            TTF_Font* f = font(kCellHeight * 5 / 6 * span.height, span.bold);
            const SurfacePtr shaded(
                TTF_RenderUTF8_Shaded(f, span.text.c_str(), {0, 0, 0, 255}, {255, 255, 255, 255}));
            if (!shaded) throw std::runtime_error(std::string("TTF: ") + TTF_GetError());
            // Scaled blits need both surfaces in the same pixel format.
            const SurfacePtr glyphs(
                SDL_ConvertSurfaceFormat(shaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
            if (!glyphs) throw std::runtime_error(std::string("SDL: ") + SDL_GetError());
            SDL_Rect target{x, y_ + (height - span.height) * kCellHeight,
                            chars * kCellWidth * span.width, kCellHeight * span.height};
            SDL_BlitScaled(glyphs.get(), nullptr, paper_.get(), &target);
            x += target.w;
        }
        y_ += kLineSpacing + (height - 1) * kCellHeight;
    }

    void draw(const escpos::FeedBlock& feed) { y_ += feed.lines * kLineSpacing; }

    void draw(const escpos::ImageBlock& block) {
        const auto& image = block.image;
        const int x0 = x_for(block.align, image.width);
        for (int y = 0; y < image.height; ++y) {
            for (int x = 0; x < image.width; ++x) {
                if (image.black(x, y)) dot(x0 + x, y_ + y, 1);
            }
        }
        y_ += image.height;
    }

    void draw(const escpos::QrBlock& block) {
        static constexpr QRecLevel kLevels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q,
                                                QR_ECLEVEL_H};
        const int level = std::clamp(static_cast<int>(block.level) - 48, 0, 3);
        QRcode* code = QRcode_encodeData(static_cast<int>(block.data.size()),
                                         reinterpret_cast<const unsigned char*>(block.data.data()),
                                         0, kLevels[level]);
        if (code == nullptr) return;
        const int m = block.module_size;
        const int x0 = x_for(block.align, code->width * m);
        for (int y = 0; y < code->width; ++y) {
            for (int x = 0; x < code->width; ++x) {
                if (code->data[y * code->width + x] & 1) dot(x0 + x * m, y_ + y * m, m);
            }
        }
        y_ += code->width * m;
        QRcode_free(code);
    }

    void draw(const escpos::BarcodeBlock& block) {
        const int w = std::min(options_.width_dots, static_cast<int>(block.data.size() + 3) * 11 *
                                                        std::max(block.module_width, 1));
        const int x0 = x_for(block.align, w);
        SDL_Rect frame{x0, y_, w, block.height};
        SDL_FillRect(paper_.get(), &frame, black());
        for (int x = x0 + 2; x < x0 + w - 2; x += 6) {
            SDL_Rect gap{x, y_ + 2, 3, block.height - 4};
            SDL_FillRect(paper_.get(), &gap, white());
        }
        y_ += block.height;
        if (block.hri == escpos::HriPosition::below || block.hri == escpos::HriPosition::both) {
            draw(escpos::TextLine{block.align, {escpos::Span{block.data}}});
        }
    }

    void draw(const escpos::CutBlock&) {
        y_ += kLineSpacing / 2;
        for (int x = 0; x < options_.width_dots; x += 12) {
            SDL_Rect dash{x, y_, 6, 1};
            SDL_FillRect(paper_.get(), &dash, SDL_MapRGB(paper_->format, 128, 128, 128));
        }
        y_ += kLineSpacing / 2;
    }

    static std::size_t count_chars(const std::string& s) {
        return static_cast<std::size_t>(
            std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    }

    const VirtualPrinterOptions& options_;
    SurfacePtr paper_;
    std::map<std::pair<int, bool>, std::unique_ptr<TTF_Font, FontDeleter>> fonts_;
    int y_ = 0;
};

}  // namespace

void SurfaceDeleter::operator()(SDL_Surface* s) const {
    SDL_FreeSurface(s);
}

SurfacePtr render(const escpos::Decoded& decoded, const VirtualPrinterOptions& options) {
    return Painter(options).finish(decoded);
}

void save_png(const escpos::Decoded& decoded, const VirtualPrinterOptions& options,
              const std::filesystem::path& file) {
    const SurfacePtr surface = render(decoded, options);
    if (IMG_SavePNG(surface.get(), file.c_str()) != 0) {
        throw std::runtime_error("PNG " + file.string() + ": " + IMG_GetError());
    }
}

}  // namespace guichet::printer
