#include "display/ui/words.h"

#include <date/tz.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace guichet::display::ui {

namespace {

constexpr std::array<const char*, 17> kUnits = {
    "zéro", "un",  "deux", "trois", "quatre", "cinq",     "six",    "sept", "huit",
    "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"};
constexpr std::array<const char*, 7> kTens = {"",         "dix",       "vingt",   "trente",
                                              "quarante", "cinquante", "soixante"};

// 0..99, `final` when nothing follows (only then "quatre-vingts" keeps its s).
std::string below_hundred(int n, bool final) {
    if (n <= 16) return kUnits[n];
    if (n < 20) return std::string("dix-") + kUnits[n - 10];
    if (n < 70) {
        const int tens = n / 10, unit = n % 10;
        if (unit == 0) return kTens[tens];
        if (unit == 1) return std::string(kTens[tens]) + " et un";
        return std::string(kTens[tens]) + "-" + kUnits[unit];
    }
    if (n < 80) {
        if (n == 71) return "soixante et onze";
        return "soixante-" + below_hundred(n - 60, final);
    }
    if (n == 80) return final ? "quatre-vingts" : "quatre-vingt";
    return "quatre-vingt-" + below_hundred(n - 80, final);
}

std::string below_thousand(int n, bool final) {
    const int hundreds = n / 100, rest = n % 100;
    std::string out;
    if (hundreds == 1) {
        out = "cent";
    } else if (hundreds > 1) {
        out = std::string(kUnits[hundreds]) + " cent";
        if (rest == 0 && final) out += "s";
    }
    if (rest != 0 || hundreds == 0) {
        if (!out.empty()) out += " ";
        out += below_hundred(rest, final);
    }
    return out;
}

}  // namespace

std::string language_switch_label(Lang current) {
    return current == Lang::fr ? "English" : "Français";
}

std::string accessibility_label(Lang lang, bool accessible) {
    return accessible ? tr(lang, "Affichage standard", "Standard display")
                      : tr(lang, "Accessibilité", "Accessibility");
}

std::string french_number(int n) {
    if (n < 0) return "moins " + french_number(-n);
    if (n < 1000) return below_thousand(n, true);
    const int thousands = n / 1000, rest = n % 1000;
    std::string out = thousands == 1 ? "mille" : below_thousand(thousands, false) + " mille";
    if (rest != 0) out += " " + below_thousand(rest, true);
    return out;
}

std::string french_announcement(std::string_view ticket_number, std::string_view counter_label) {
    std::size_t digits = 0;
    while (digits < ticket_number.size() &&
           !std::isdigit(static_cast<unsigned char>(ticket_number[digits])))
        ++digits;
    const std::string prefix(ticket_number.substr(0, digits));
    const std::string number(ticket_number.substr(digits));
    std::string out = "Ticket ";
    if (!prefix.empty()) out += prefix + ", ";
    out += number.empty() ? std::string() : french_number(std::stoi(number));
    out += ". ";
    // The counter label with every run of digits read as a number.
    for (std::size_t i = 0; i < counter_label.size();) {
        if (std::isdigit(static_cast<unsigned char>(counter_label[i]))) {
            std::size_t j = i;
            while (j < counter_label.size() &&
                   std::isdigit(static_cast<unsigned char>(counter_label[j])))
                ++j;
            out += french_number(std::stoi(std::string(counter_label.substr(i, j - i))));
            i = j;
        } else {
            out += counter_label[i++];
        }
    }
    out += ".";
    return out;
}

std::string wait_text(std::optional<int> seconds) {
    if (!seconds) return "—";
    const int minutes = (*seconds + 59) / 60;
    if (minutes < 5) return "< 5 min";
    if (minutes < 60) return "≈ " + std::to_string(minutes) + " min";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d h %02d", minutes / 60, minutes % 60);
    return std::string("≈ ") + buf;
}

std::string duration_text(int seconds) {
    if (seconds < 0) seconds = 0;
    char buf[32];
    if (seconds < 60) {
        std::snprintf(buf, sizeof buf, "%d s", seconds);
    } else if (seconds < 600) {
        std::snprintf(buf, sizeof buf, "%d min %02d s", seconds / 60, seconds % 60);
    } else if (seconds < 3600) {
        std::snprintf(buf, sizeof buf, "%d min", seconds / 60);
    } else {
        std::snprintf(buf, sizeof buf, "%d h %02d", seconds / 3600, seconds / 60 % 60);
    }
    return buf;
}

std::string local_clock(std::chrono::system_clock::time_point t, const std::string& timezone) {
    const auto zoned = date::make_zoned(timezone, std::chrono::floor<std::chrono::seconds>(t));
    return date::format("%H:%M", zoned);
}

std::optional<std::chrono::system_clock::time_point> parse_iso_time(std::string_view iso) {
    std::istringstream in{std::string(iso)};
    date::sys_time<std::chrono::milliseconds> t;
    in >> date::parse("%FT%T%Ez", t);
    if (in.fail()) {
        in.clear();
        in.str(std::string(iso));
        in >> date::parse("%FT%TZ", t);
        if (in.fail()) return std::nullopt;
    }
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
}

}  // namespace guichet::display::ui
