// Words for visitors: numbers in French, the spoken call, waits and clocks.
//
// Contract: pure functions. french_number covers 0..999999 in the
// traditional spelling ("soixante et onze", "quatre-vingts", "deux cents").
// The announcement reads the ticket prefix as a letter and the number as a
// number, and the counter label with its digits turned into words:
// ("A042", "Guichet 3") -> "Ticket A, quarante-deux. Guichet trois."
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::display::ui {

enum class Lang { fr, en };

// The visitor's language picks one of the two sentences.
inline const char* tr(Lang lang, const char* fr, const char* en) {
    return lang == Lang::fr ? fr : en;
}

// The touch screens' language switch names the other language ("English" /
// "Français"), never a flag; the accessibility toggle says what it will do.
std::string language_switch_label(Lang current);
std::string accessibility_label(Lang lang, bool accessible);

std::string french_number(int n);
std::string french_announcement(std::string_view ticket_number, std::string_view counter_label);

// An estimated wait for a visitor: "≈ 12 min", "< 5 min", "≈ 1 h 20";
// "—" when there is no estimate.
std::string wait_text(std::optional<int> seconds);
// A measured duration for an agent: "0 min 42 s", "12 min", "1 h 05".
std::string duration_text(int seconds);
// "14:05" in the site's time zone (IANA name, e.g. "Europe/Paris").
std::string local_clock(std::chrono::system_clock::time_point t, const std::string& timezone);
// Seconds between two ISO 8601 times with offsets; nullopt when unreadable.
std::optional<std::chrono::system_clock::time_point> parse_iso_time(std::string_view iso);

}  // namespace guichet::display::ui
