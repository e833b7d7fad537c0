// UTF-8 <-> single-byte printer code pages (CP858, CP1252).
//
// Contract: to_code_page() never fails. A character the page lacks becomes a
// readable ASCII fallback (œ -> "oe", ' -> "'", … -> "...", č -> "c") so a
// French word never prints with a raw '?' inside; only characters with no
// sensible Latin reading (e.g. emoji, CJK) become '?'. Invalid UTF-8 bytes
// become '?'. from_code_page() maps every byte to its Unicode character and
// returns UTF-8 (bytes the page leaves undefined become U+FFFD).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guichet::escpos {

enum class CodePage {
    cp858,   // IBM PC 850 with the euro sign: every French letter and €.
    cp1252,  // Windows Latin-1: also œ, Œ, Ÿ and typographic quotes.
};

std::string_view code_page_name(CodePage page);
std::optional<CodePage> code_page_from_name(std::string_view name);

std::string to_code_page(std::string_view utf8, CodePage page);
std::string from_code_page(std::string_view bytes, CodePage page);

// Appends the UTF-8 encoding of `code_point` to `out`.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace guichet::escpos
