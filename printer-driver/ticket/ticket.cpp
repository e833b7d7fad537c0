#include "printer-driver/ticket/ticket.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace guichet::printer {
namespace {

bool english(const std::string& lang) {
    return lang == "en";
}

// Number of characters (code points) in UTF-8 text.
std::size_t length(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Byte offset of the `n`th code point (or the end).
std::size_t offset_of(std::string_view s, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((s[i] & 0xC0) != 0x80) {
            if (seen == n) return i;
            ++seen;
        }
    }
    return s.size();
}

std::string minutes_text(int minutes, bool en) {
    if (minutes < 60) return std::to_string(minutes) + " min";
    const int h = minutes / 60;
    const int m = minutes % 60;
    if (m == 0) return std::to_string(h) + " h";
    const std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
    return std::to_string(h) + " h " + mm + (en ? " min" : "");
}

// French typography keeps "8 h 30", "15 min" and "réclamation ?" together:
// no line break before a unit or a high punctuation mark, nor after «.
bool can_break(std::string_view s, std::size_t space) {
    const std::string_view after = s.substr(space + 1);
    const std::string_view next = after.substr(0, after.find(' '));
    const std::string_view before = s.substr(0, space);
    const std::string_view previous = before.substr(before.rfind(' ') + 1);
    static constexpr std::string_view kGlueBefore[] = {"h", "min", ":", "?", "!", ";", "»", "€"};
    if (std::find(std::begin(kGlueBefore), std::end(kGlueBefore), next) != std::end(kGlueBefore)) {
        return false;
    }
    if (previous == "h" && !next.empty() && std::isdigit(static_cast<unsigned char>(next[0]))) {
        return false;
    }
    return previous != "«";
}

}  // namespace

std::string ahead_sentence(int ahead, const std::string& lang) {
    const bool en = english(lang);
    if (ahead <= 0) return en ? "No one ahead of you" : "Personne avant vous";
    if (ahead == 1) return en ? "1 person ahead of you" : "1 personne avant vous";
    return std::to_string(ahead) + (en ? " people ahead of you" : " personnes avant vous");
}

std::string wait_sentence(int seconds, const std::string& lang) {
    const bool en = english(lang);
    const std::string prefix = en ? "Estimated wait: " : "Attente estimée : ";
    const int minutes = (std::max(seconds, 0) + 59) / 60;
    if (minutes < 5) return prefix + (en ? "less than 5 min" : "moins de 5 min");
    // Announcing "17 min" would promise a precision the estimate does not have.
    const int rounded = (minutes + 2) / 5 * 5;
    return prefix + (en ? "about " : "environ ") + minutes_text(rounded, en);
}

std::optional<std::string> return_sentence(const std::string& iso, const std::string& lang) {
    int h = 0, m = 0;
    if (iso.size() < 16 || std::sscanf(iso.c_str() + 11, "%2d:%2d", &h, &m) != 2 || h > 23 ||
        m > 59)
        return std::nullopt;
    char clock[16];
    if (english(lang)) {
        std::snprintf(clock, sizeof clock, "%d:%02d", h, m);
        return std::string("Come back around ") + clock + ": you keep your place.";
    }
    std::snprintf(clock, sizeof clock, "%d h %02d", h, m);
    return std::string("Revenez vers ") + clock + " : vous gardez votre place.";
}

std::vector<std::string> wrap(const std::string& text, int columns) {
    std::vector<std::string> lines;
    const auto width = static_cast<std::size_t>(std::max(columns, 1));
    std::string_view rest = text;
    while (length(rest) > width) {
        const std::size_t limit = offset_of(rest, width);
        std::size_t cut = rest.substr(0, limit + 1).rfind(' ');
        while (cut != std::string_view::npos && cut > 0 && !can_break(rest, cut)) {
            cut = rest.substr(0, cut).rfind(' ');
        }
        if (cut == std::string_view::npos || cut == 0) {
            lines.emplace_back(rest.substr(0, limit));
            rest.remove_prefix(limit);
        } else {
            lines.emplace_back(rest.substr(0, cut));
            rest.remove_prefix(cut + 1);
        }
    }
    if (!rest.empty() || lines.empty()) lines.emplace_back(rest);
    return lines;
}

std::string render_ticket(const TicketContent& t, const Profile& profile) {
    const bool en = english(t.lang);
    const bool narrow = profile.paper_mm < 70;
    const int columns = profile.columns;
    const escpos::CodePage page = profile.preferred_code_page();

    escpos::Encoder e;
    e.initialize().select_code_page(page, profile.code_pages.at(page)).align(escpos::Align::center);
    const auto wrapped = [&](const std::string& text, int width_multiplier = 1) {
        for (const auto& l : wrap(text, columns / width_multiplier)) e.line(l);
    };

    if (t.logo && profile.raster && t.logo->width <= profile.width_dots) {
        e.raster(*t.logo).feed(1);
    }
    e.bold(true);
    wrapped(t.site_name);
    e.bold(false).feed(1);

    e.line(en ? "Your number" : "Votre numéro");
    const int big = narrow ? 3 : 4;
    e.size(big, big).bold(true).line(t.number).size(1, 1).bold(false);
    e.feed(1);

    const std::string& service = en ? t.service_en : t.service_fr;
    const std::string& other = en ? t.service_fr : t.service_en;
    e.size(1, 2).bold(true);
    wrapped(service);
    e.size(1, 1).bold(false);
    if (!other.empty() && other != service) wrapped(other);

    const std::string rule(static_cast<std::size_t>(columns), '-');
    e.line(rule);
    wrapped(ahead_sentence(t.ahead, t.lang));
    if (t.estimated_wait_s) wrapped(wait_sentence(*t.estimated_wait_s, t.lang));
    if (t.return_at) {
        if (const auto back = return_sentence(*t.return_at, t.lang)) {
            e.bold(true);
            wrapped(*back);
            e.bold(false);
        }
    }
    wrapped(t.issued_at);

    if (t.qr && profile.qr && !t.qr->empty()) {
        e.feed(1).qr(*t.qr, narrow ? 4 : 6);
    }
    if (!t.footer_lines.empty()) {
        e.line(rule);
        for (const auto& footer : t.footer_lines) wrapped(footer);
    }
    if (profile.cut == CutSupport::none) {
        e.feed(4);
    } else {
        e.feed(3).cut(profile.cut == CutSupport::full ? escpos::CutKind::full
                                                      : escpos::CutKind::partial);
    }
    return e.bytes();
}

}  // namespace guichet::printer
