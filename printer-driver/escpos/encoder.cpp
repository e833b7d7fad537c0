#include "printer-driver/escpos/encoder.h"

#include <algorithm>

namespace guichet::escpos {
namespace {

constexpr int ESC = 0x1B;
constexpr int GS = 0x1D;
constexpr int LF = 0x0A;

int clamp(int v, int lo, int hi) {
    return std::clamp(v, lo, hi);
}

}  // namespace

void Encoder::put(std::initializer_list<int> bytes) {
    for (const int b : bytes) buffer_ += static_cast<char>(b & 0xFF);
}

Encoder& Encoder::initialize() {
    put({ESC, '@'});
    return *this;
}

Encoder& Encoder::select_code_page(CodePage page, int number) {
    page_ = page;
    put({ESC, 't', clamp(number, 0, 255)});
    return *this;
}

Encoder& Encoder::text(std::string_view utf8) {
    // Control characters inside visitor text would be read as commands.
    for (const char c : to_code_page(utf8, page_)) {
        const auto b = static_cast<unsigned char>(c);
        buffer_ += (b < 0x20 || b == 0x7F) ? ' ' : c;
    }
    return *this;
}

Encoder& Encoder::line(std::string_view utf8) {
    text(utf8);
    put({LF});
    return *this;
}

Encoder& Encoder::align(Align a) {
    put({ESC, 'a', static_cast<int>(a)});
    return *this;
}

Encoder& Encoder::bold(bool on) {
    put({ESC, 'E', on ? 1 : 0});
    return *this;
}

Encoder& Encoder::size(int width, int height) {
    put({GS, '!', ((clamp(width, 1, 8) - 1) << 4) | (clamp(height, 1, 8) - 1)});
    return *this;
}

Encoder& Encoder::feed(int lines) {
    put({ESC, 'd', clamp(lines, 0, 255)});
    return *this;
}

Encoder& Encoder::qr(std::string_view data, int module_size, QrErrorLevel level) {
    // Model 2 holds at most 7089 numeric / 2953 byte characters.
    data = data.substr(0, 2953);
    put({GS, '(', 'k', 4, 0, 49, 65, 50, 0});
    put({GS, '(', 'k', 3, 0, 49, 67, clamp(module_size, 1, 16)});
    put({GS, '(', 'k', 3, 0, 49, 69, static_cast<int>(level)});
    const int stored = static_cast<int>(data.size()) + 3;
    put({GS, '(', 'k', stored & 0xFF, stored >> 8, 49, 80, 48});
    buffer_.append(data);
    put({GS, '(', 'k', 3, 0, 49, 81, 48});
    return *this;
}

Encoder& Encoder::code128(std::string_view data, int height_dots, int module_width,
                          HriPosition hri) {
    std::string payload = "{B";
    for (const char c : data) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b > 0x7E) continue;  // code set B is printable ASCII only
        const std::string_view symbol = c == '{' ? "{{" : std::string_view(&c, 1);
        if (payload.size() + symbol.size() > 255) break;  // the length is one byte
        payload += symbol;
    }
    put({GS, 'H', static_cast<int>(hri)});
    put({GS, 'h', clamp(height_dots, 1, 255)});
    put({GS, 'w', clamp(module_width, 2, 6)});
    put({GS, 'k', 73, static_cast<int>(payload.size())});
    buffer_ += payload;
    return *this;
}

Encoder& Encoder::raster(const MonoImage& image, int band_rows) {
    band_rows = clamp(band_rows, 1, 2047);
    const int row_bytes = image.bytes_per_row();
    for (int top = 0; top < image.height; top += band_rows) {
        const int rows = std::min(band_rows, image.height - top);
        put({GS, 'v', '0', 0, row_bytes & 0xFF, row_bytes >> 8, rows & 0xFF, rows >> 8});
        const auto* begin = image.bits.data() + static_cast<std::size_t>(top * row_bytes);
        buffer_.append(reinterpret_cast<const char*>(begin),
                       static_cast<std::size_t>(rows * row_bytes));
    }
    return *this;
}

Encoder& Encoder::cut(CutKind kind, int feed_dots) {
    put({GS, 'V', static_cast<int>(kind), clamp(feed_dots, 0, 255)});
    return *this;
}

Encoder& Encoder::raw(std::string_view bytes) {
    buffer_.append(bytes);
    return *this;
}

}  // namespace guichet::escpos
