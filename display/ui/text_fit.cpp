#include "display/ui/text_fit.h"

#include <algorithm>
#include <cmath>

#include "display/ui/sizing.h"

namespace guichet::display::ui {

namespace {

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) words.emplace_back(text.substr(i, j - i));
        i = j;
    }
    return words;
}

std::vector<std::string> wrap(Canvas& canvas, const std::vector<std::string>& words, int max_width,
                              Font font) {
    std::vector<std::string> lines;
    std::string line;
    for (const auto& word : words) {
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (line.empty() || canvas.text_width(candidate, font) <= max_width) {
            line = candidate;
        } else {
            lines.push_back(line);
            line = word;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

bool all_fit(Canvas& canvas, const std::vector<std::string>& lines, int max_width, Font font) {
    return std::all_of(lines.begin(), lines.end(), [&](const std::string& l) {
        return canvas.text_width(l, font) <= max_width;
    });
}

void drop_last_code_point(std::string& s) {
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty()) s.pop_back();
}

std::string ellipsize(Canvas& canvas, std::string line, int max_width, Font font) {
    while (!line.empty() && canvas.text_width(line + "…", font) > max_width) {
        drop_last_code_point(line);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "…";
}

}  // namespace

FittedText fit_text(Canvas& canvas, std::string_view text, int max_width, int max_lines, Font font,
                    int min_px) {
    const auto words = split_words(text);
    min_px = std::min(min_px, font.px);
    for (int px = font.px;; px = std::max(min_px, px * 92 / 100)) {
        const Font f{px, font.bold};
        auto lines = wrap(canvas, words, max_width, f);
        if (static_cast<int>(lines.size()) <= max_lines && all_fit(canvas, lines, max_width, f)) {
            return {f, std::move(lines)};
        }
        if (px == min_px) {
            // Too long even at the smallest legible size: keep the start, end with "…".
            std::vector<std::string> kept;
            for (auto& l : lines) {
                if (static_cast<int>(kept.size()) == max_lines) break;
                kept.push_back(
                    canvas.text_width(l, f) <= max_width ? l : ellipsize(canvas, l, max_width, f));
            }
            if (lines.size() > kept.size() && kept.back().find("…") == std::string::npos) {
                kept.back() = ellipsize(canvas, kept.back() + " ", max_width, f);
            }
            return {f, std::move(kept)};
        }
    }
}

void draw_line(Canvas& canvas, std::string_view text, int x, int y, int width, Align align,
               Font font, Color color) {
    int left = x;
    if (align != Align::left) {
        const int free = width - canvas.text_width(text, font);
        left = align == Align::center ? x + free / 2 : x + free;
    }
    canvas.text(left, y, text, font, color);
}

int draw_fitted(Canvas& canvas, const FittedText& fitted, int x, int y, int width, Align align,
                Color color) {
    const int line_h = canvas.line_height(fitted.font);
    int top = y;
    for (const auto& line : fitted.lines) {
        draw_line(canvas, line, x, top, width, align, fitted.font, color);
        top += line_h;
    }
    return top - y;
}

void draw_badge(Canvas& canvas, std::string_view text, int right, int top, int pad, Font font,
                Color fg, Color bg) {
    const int w = canvas.text_width(text, font) + 2 * pad;
    canvas.fill({right - w, top, w, canvas.line_height(font)}, bg);
    canvas.text(right - w + pad, top, text, font, fg);
}

int cap_px(Font font) {
    return static_cast<int>(std::lround(font.px * kCapHeightPerEm));
}

void draw_at_cap(Canvas& canvas, std::string_view text, int x, int cap_top, Font font,
                 Color color) {
    canvas.text(x, cap_top - (canvas.ascent(font) - cap_px(font)), text, font, color);
}

}  // namespace guichet::display::ui
