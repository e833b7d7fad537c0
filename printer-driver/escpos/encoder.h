// ESC/POS encoder: a builder that appends printer commands to a byte buffer.
//
// Contract: every method appends exactly the bytes of one ESC/POS command (or
// a documented group of them) and returns *this. Text is UTF-8 and is
// transcoded to the code page selected last with select_code_page() (CP858
// until then: call select_code_page() right after initialize(), as printers
// start in PC437). Arguments outside the command's range are clamped, so the
// buffer is always a valid command stream. No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "printer-driver/escpos/codepage.h"

namespace guichet::escpos {

enum class Align : std::uint8_t { left = 0, center = 1, right = 2 };
enum class QrErrorLevel : std::uint8_t { low = 48, medium = 49, quartile = 50, high = 51 };
enum class CutKind : std::uint8_t { full = 65, partial = 66 };  // GS V function B
enum class HriPosition : std::uint8_t { none = 0, above = 1, below = 2, both = 3 };

// A 1-bit image, rows of ceil(width/8) bytes, most significant bit leftmost,
// 1 = black dot.
struct MonoImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> bits;

    int bytes_per_row() const { return (width + 7) / 8; }
    bool black(int x, int y) const {
        return (bits[static_cast<std::size_t>(y * bytes_per_row() + x / 8)] >> (7 - x % 8)) & 1;
    }
};

class Encoder {
  public:
    Encoder& initialize();                                 // ESC @
    Encoder& select_code_page(CodePage page, int number);  // ESC t n; number from the profile
    Encoder& text(std::string_view utf8);
    Encoder& line(std::string_view utf8 = {});  // text then LF
    Encoder& align(Align a);                    // ESC a n
    Encoder& bold(bool on);                     // ESC E n
    Encoder& size(int width, int height);       // GS ! n; multipliers 1-8
    Encoder& feed(int lines);                   // ESC d n
    // GS ( k: model 2, module size 1-16 dots, error level, store, print.
    Encoder& qr(std::string_view data, int module_size = 6,
                QrErrorLevel level = QrErrorLevel::medium);
    // GS H, GS h, GS w, then GS k 73 with code set B ('{' escaped as "{{").
    Encoder& code128(std::string_view data, int height_dots = 80, int module_width = 2,
                     HriPosition hri = HriPosition::below);
    // GS v 0 in bands of at most `band_rows` rows, so small printer buffers cope.
    Encoder& raster(const MonoImage& image, int band_rows = 24);
    Encoder& cut(CutKind kind = CutKind::partial, int feed_dots = 0);  // GS V m n
    Encoder& raw(std::string_view bytes);

    const std::string& bytes() const { return buffer_; }

  private:
    void put(std::initializer_list<int> bytes);

    std::string buffer_;
    CodePage page_ = CodePage::cp858;
};

}  // namespace guichet::escpos
