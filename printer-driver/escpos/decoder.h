// ESC/POS decoder: bytes -> the commands sent and what the paper would show.
//
// Contract: decode() never fails and never reads past the input. It knows the
// commands the Encoder emits plus the common harmless ones (HT, CR, ESC !,
// ESC -, ESC 2/3, ESC M, GS B, DLE EOT); anything else, a truncated command,
// or an ESC t number with no code page is reported in `warnings` and decoding
// goes on at the next byte. Text is decoded with the code page the stream
// selected, through the profile's number -> page map. Used by the tests and
// by the virtual printer.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "printer-driver/escpos/codepage.h"
#include "printer-driver/escpos/encoder.h"

namespace guichet::escpos {

struct Command {
    std::string name;       // "ESC @", "GS ( k", "text", ...
    std::vector<int> args;  // the command's parameter bytes (not its data)
    std::string data;       // text (UTF-8), QR payload, barcode data, raster bytes
};

struct Span {
    std::string text;  // UTF-8
    bool bold = false;
    int width = 1;
    int height = 1;
};

struct TextLine {
    Align align = Align::left;
    std::vector<Span> spans;

    std::string text() const;
    int height() const;  // the tallest span's multiplier (1 when empty)
};

struct QrBlock {
    std::string data;
    int module_size = 3;
    QrErrorLevel level = QrErrorLevel::low;
    Align align = Align::left;
};

struct BarcodeBlock {
    int system = 73;   // GS k m
    std::string data;  // without the code set prefix and escapes
    int height = 162;
    int module_width = 3;
    HriPosition hri = HriPosition::none;
    Align align = Align::left;
};

struct ImageBlock {
    MonoImage image;
    Align align = Align::left;
};

struct FeedBlock {
    int lines = 0;
};

struct CutBlock {
    CutKind kind = CutKind::partial;
};

using Block = std::variant<TextLine, QrBlock, BarcodeBlock, ImageBlock, FeedBlock, CutBlock>;

struct Decoded {
    std::vector<Command> commands;
    std::vector<Block> blocks;  // in paper order
    std::vector<std::string> warnings;

    // Every printed text line, joined by '\n' (feeds give empty lines).
    std::string text() const;
    // Commands with that name, in order.
    std::vector<Command> find(const std::string& name) const;
};

struct DecoderOptions {
    // ESC t number -> page; Epson numbering by default (16 = WPC1252, 19 = PC858).
    std::map<int, CodePage> code_pages = {{16, CodePage::cp1252}, {19, CodePage::cp858}};
    // Used for text before any ESC t (a real printer would use PC437).
    CodePage initial = CodePage::cp858;
};

Decoded decode(std::string_view bytes, const DecoderOptions& options = {});

}  // namespace guichet::escpos
