#include "printer-driver/escpos/decoder.h"

#include <algorithm>

namespace guichet::escpos {
namespace {

constexpr unsigned char ESC = 0x1B;
constexpr unsigned char GS = 0x1D;
constexpr unsigned char DLE = 0x10;
constexpr unsigned char LF = 0x0A;

class Parser {
  public:
    Parser(std::string_view in, const DecoderOptions& options)
        : in_(in), options_(options), page_(options.initial) {}

    Decoded run() {
        while (pos_ < in_.size()) step();
        flush_text();
        end_line(false);
        return std::move(out_);
    }

  private:
    std::size_t left() const { return in_.size() - pos_; }
    int at(std::size_t offset) const { return static_cast<unsigned char>(in_[pos_ + offset]); }

    void warn(const std::string& what) {
        out_.warnings.push_back(what + " at byte " + std::to_string(pos_));
    }

    // Records a command of `length` bytes whose parameters start at `first_arg`.
    bool command(const std::string& name, std::size_t length, std::size_t first_arg) {
        if (left() < length) {
            warn("truncated " + name);
            pos_ = in_.size();
            return false;
        }
        flush_text();
        Command c{name, {}, {}};
        for (std::size_t i = first_arg; i < length; ++i) c.args.push_back(at(i));
        out_.commands.push_back(std::move(c));
        pos_ += length;
        return true;
    }

    void step() {
        const auto b = static_cast<unsigned char>(in_[pos_]);
        if (b == ESC) return escape();
        if (b == GS) return group();
        if (b == DLE) return realtime();
        if (b == LF) {
            flush_text();
            out_.commands.push_back({"LF", {}, {}});
            ++pos_;
            return end_line(true);
        }
        if (b == '\r') {
            ++pos_;
            return;
        }
        if (b == '\t') {
            pending_ += ' ';
            ++pos_;
            return;
        }
        if (b < 0x20) {
            warn("unknown control byte " + std::to_string(b));
            ++pos_;
            return;
        }
        pending_ += static_cast<char>(b);
        ++pos_;
    }

    void escape() {
        if (left() < 2) return truncated("ESC");
        const int op = at(1);
        switch (op) {
            case '@':
                if (command("ESC @", 2, 2)) {
                    style_ = {};
                    align_ = Align::left;
                    page_ = options_.initial;
                }
                return;
            case 't':
                if (command("ESC t", 3, 2)) {
                    const int n = out_.commands.back().args[0];
                    if (auto it = options_.code_pages.find(n); it != options_.code_pages.end()) {
                        page_ = it->second;
                    } else {
                        warn("ESC t " + std::to_string(n) +
                             " selects a code page not in the profile");
                    }
                }
                return;
            case 'a':
                if (command("ESC a", 3, 2)) {
                    const int n = out_.commands.back().args[0] % 48;
                    if (line_.spans.empty()) line_.align = static_cast<Align>(std::min(n, 2));
                    align_ = static_cast<Align>(std::min(n, 2));
                }
                return;
            case 'E':
                if (command("ESC E", 3, 2)) style_.bold = out_.commands.back().args[0] & 1;
                return;
            case 'd':
                if (command("ESC d", 3, 2)) {
                    end_line(false);
                    out_.blocks.push_back(FeedBlock{out_.commands.back().args[0]});
                }
                return;
            case '!':
                if (command("ESC !", 3, 2)) {
                    const int n = out_.commands.back().args[0];
                    style_.bold = n & 0x08;
                    style_.height = (n & 0x10) ? 2 : 1;
                    style_.width = (n & 0x20) ? 2 : 1;
                }
                return;
            case '2':
                command("ESC 2", 2, 2);
                return;
            case '-':
            case 'M':
            case '3':
            case 'J':
            case 'G':
            case 'V':
            case '{':
                command(std::string("ESC ") + static_cast<char>(op), 3, 2);
                return;
            default:
                warn("unknown command ESC " + std::to_string(op));
                ++pos_;
        }
    }

    void group() {
        if (left() < 2) return truncated("GS");
        const int op = at(1);
        switch (op) {
            case '!':
                if (command("GS !", 3, 2)) {
                    const int n = out_.commands.back().args[0];
                    style_.width = ((n >> 4) & 0x07) + 1;
                    style_.height = (n & 0x07) + 1;
                }
                return;
            case 'V':
                return cut();
            case '(':
                if (left() >= 3 && at(2) == 'k') return qr();
                warn("unknown command GS (");
                ++pos_;
                return;
            case 'H':
                if (command("GS H", 3, 2))
                    barcode_.hri = static_cast<HriPosition>(out_.commands.back().args[0] % 48 & 3);
                return;
            case 'h':
                if (command("GS h", 3, 2)) barcode_.height = out_.commands.back().args[0];
                return;
            case 'w':
                if (command("GS w", 3, 2)) barcode_.module_width = out_.commands.back().args[0];
                return;
            case 'B':
            case 'f':
            case 'L':
            case 'W':
                command(std::string("GS ") + static_cast<char>(op), op == 'L' || op == 'W' ? 4 : 3,
                        2);
                return;
            case 'k':
                return barcode();
            case 'v':
                return raster();
            default:
                warn("unknown command GS " + std::to_string(op));
                ++pos_;
        }
    }

    void realtime() {
        if (left() >= 3 && at(1) == 0x04) {
            command("DLE EOT", 3, 2);
            return;
        }
        warn("unknown command DLE");
        ++pos_;
    }

    void truncated(const std::string& prefix) {
        warn("truncated " + prefix + " command");
        pos_ = in_.size();
    }

    void cut() {
        if (left() < 3) return truncated("GS V");
        const int m = at(2);
        const bool function_b = m == 65 || m == 66;
        if (!command("GS V", function_b ? 4 : 3, 2)) return;
        end_line(false);
        const bool partial = function_b ? m == 66 : (m == 1 || m == 49);
        out_.blocks.push_back(CutBlock{partial ? CutKind::partial : CutKind::full});
    }

    void qr() {
        if (left() < 7) return truncated("GS ( k");
        const std::size_t len = static_cast<std::size_t>(at(3) | (at(4) << 8));
        if (left() < 5 + len) return truncated("GS ( k");
        const int cn = at(5);
        const int fn = at(6);
        flush_text();
        Command c{"GS ( k", {cn, fn}, {}};
        if (cn == 49 && fn == 80) {
            c.data = std::string(in_.substr(pos_ + 8, len - 3));
            qr_.data = c.data;
        } else {
            for (std::size_t i = 7; i < 5 + len; ++i) c.args.push_back(at(i));
        }
        if (cn == 49 && fn == 67 && len == 3) qr_.module_size = at(7);
        if (cn == 49 && fn == 69 && len == 3) qr_.level = static_cast<QrErrorLevel>(at(7));
        out_.commands.push_back(std::move(c));
        pos_ += 5 + len;
        if (cn == 49 && fn == 81) {
            end_line(false);
            QrBlock block = qr_;
            block.align = align_;
            out_.blocks.push_back(std::move(block));
        }
    }

    void barcode() {
        if (left() < 4) return truncated("GS k");
        const int m = at(2);
        if (m < 65) {
            warn("GS k function A (NUL-terminated) is not supported");
            pos_ = in_.size();
            return;
        }
        const std::size_t n = static_cast<std::size_t>(at(3));
        if (left() < 4 + n) return truncated("GS k");
        flush_text();
        std::string raw(in_.substr(pos_ + 4, n));
        Command c{"GS k", {m, static_cast<int>(n)}, raw};
        out_.commands.push_back(c);
        pos_ += 4 + n;
        BarcodeBlock block = barcode_;
        block.system = m;
        // CODE128: drop the code set selectors ("{A", "{B", "{C") and unescape "{{".
        std::string data;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (m == 73 && raw[i] == '{' && i + 1 < raw.size()) {
                if (raw[i + 1] == '{') data += '{';
                ++i;
                continue;
            }
            data += raw[i];
        }
        block.data = data;
        block.align = align_;
        end_line(false);
        out_.blocks.push_back(std::move(block));
    }

    void raster() {
        if (left() < 8 || at(2) != '0') return truncated("GS v 0");
        const int row_bytes = at(4) | (at(5) << 8);
        const int rows = at(6) | (at(7) << 8);
        const std::size_t size =
            static_cast<std::size_t>(row_bytes) * static_cast<std::size_t>(rows);
        if (left() < 8 + size) return truncated("GS v 0");
        flush_text();
        Command c{"GS v 0", {at(3), row_bytes, rows}, std::string(in_.substr(pos_ + 8, size))};
        pos_ += 8 + size;
        end_line(false);
        // Consecutive bands of the same width make one picture on paper.
        auto* previous =
            out_.blocks.empty() ? nullptr : std::get_if<ImageBlock>(&out_.blocks.back());
        if (previous == nullptr || previous->image.bytes_per_row() != row_bytes) {
            out_.blocks.push_back(ImageBlock{MonoImage{row_bytes * 8, 0, {}}, align_});
            previous = std::get_if<ImageBlock>(&out_.blocks.back());
        }
        previous->image.height += rows;
        previous->image.bits.insert(previous->image.bits.end(), c.data.begin(), c.data.end());
        out_.commands.push_back(std::move(c));
    }

    void flush_text() {
        if (pending_.empty()) return;
        std::string utf8 = from_code_page(pending_, page_);
        out_.commands.push_back({"text", {}, utf8});
        if (line_.spans.empty()) line_.align = align_;
        if (!line_.spans.empty() && same_style(line_.spans.back())) {
            line_.spans.back().text += utf8;
        } else {
            Span s = style_;
            s.text = std::move(utf8);
            line_.spans.push_back(std::move(s));
        }
        pending_.clear();
    }

    bool same_style(const Span& s) const {
        return s.bold == style_.bold && s.width == style_.width && s.height == style_.height;
    }

    // A line feed always prints a line (empty or not); other commands only
    // close a line that has text.
    void end_line(bool line_feed) {
        flush_text();
        if (!line_feed && line_.spans.empty()) return;
        if (line_.spans.empty()) {
            line_.align = align_;
            line_.spans.push_back(Span{"", style_.bold, style_.width, style_.height});
        }
        out_.blocks.push_back(std::move(line_));
        line_ = TextLine{};
    }

    std::string_view in_;
    const DecoderOptions& options_;
    std::size_t pos_ = 0;
    CodePage page_;
    Span style_;
    Align align_ = Align::left;
    std::string pending_;
    TextLine line_;
    QrBlock qr_;
    BarcodeBlock barcode_;
    Decoded out_;
};

}  // namespace

std::string TextLine::text() const {
    std::string s;
    for (const auto& span : spans) s += span.text;
    return s;
}

int TextLine::height() const {
    int h = 1;
    for (const auto& span : spans) h = std::max(h, span.height);
    return h;
}

std::string Decoded::text() const {
    std::string s;
    for (const auto& block : blocks) {
        if (const auto* line = std::get_if<TextLine>(&block)) {
            s += line->text();
            s += '\n';
        } else if (const auto* feed = std::get_if<FeedBlock>(&block)) {
            s.append(static_cast<std::size_t>(feed->lines), '\n');
        }
    }
    return s;
}

std::vector<Command> Decoded::find(const std::string& name) const {
    std::vector<Command> found;
    std::copy_if(commands.begin(), commands.end(), std::back_inserter(found),
                 [&](const Command& c) { return c.name == name; });
    return found;
}

Decoded decode(std::string_view bytes, const DecoderOptions& options) {
    return Parser(bytes, options).run();
}

}  // namespace guichet::escpos
