#include "controller/config/opening_hours.h"

#include <algorithm>

#include "controller/config/site_time.h"

namespace guichet::config {

namespace {

bool serves(const Hours& h, const std::string& service) {
    return h.services.empty() ||
           std::find(h.services.begin(), h.services.end(), service) != h.services.end();
}

// Local midnight of `now`'s local day, as a UTC instant (choose_earliest: midnight is never
// skipped in Europe/Paris, but other zones exist).
date::local_days local_day_of(const date::time_zone* zone, engine::Time now) {
    return date::floor<date::days>(zone->to_local(now));
}

engine::Time at_local(const date::time_zone* zone, date::local_days day, std::chrono::minutes m) {
    return date::floor<std::chrono::seconds>(zone->to_sys(day + m, date::choose::earliest));
}

std::string french_time(std::chrono::minutes m) {
    const auto h = m.count() / 60, mm = m.count() % 60;
    return std::to_string(h) + " h " + (mm < 10 ? "0" : "") + std::to_string(mm);
}

std::string english_time(std::chrono::minutes m) {
    const auto h = m.count() / 60, mm = m.count() % 60;
    const auto h12 = h % 12 == 0 ? 12 : h % 12;
    return std::to_string(h12) + ":" + (mm < 10 ? "0" : "") + std::to_string(mm) +
           (h < 12 || h == 24 ? " am" : " pm");
}

}  // namespace

const ClosureDay* closure_today(const SiteConfig& site, const date::time_zone* zone,
                                engine::Time now) {
    const std::string today = format_local_date(zone, now);
    for (const ClosureDay& c : site.closures)
        if (c.date == today) return &c;
    return nullptr;
}

std::optional<OpeningWindow> opening_today(const SiteConfig& site, const date::time_zone* zone,
                                           const std::string& service, engine::Time now) {
    if (closure_today(site, zone, now)) return std::nullopt;
    const date::local_days day = local_day_of(zone, now);
    if (site.hours.empty())
        return OpeningWindow{at_local(zone, day, std::chrono::minutes(0)),
                             at_local(zone, day + date::days(1), std::chrono::minutes(0))};
    const int weekday = static_cast<int>(date::weekday(day).c_encoding());
    std::optional<OpeningWindow> window;
    for (const Hours& h : site.hours) {
        if (!serves(h, service)) continue;
        if (std::find(h.weekdays.begin(), h.weekdays.end(), weekday) == h.weekdays.end()) continue;
        OpeningWindow w{at_local(zone, day, h.open), at_local(zone, day, h.close)};
        if (!window) {
            window = w;
        } else {  // several lines for one day: the widest span
            window->open = std::min(window->open, w.open);
            window->close = std::max(window->close, w.close);
        }
    }
    return window;
}

bool is_open(const SiteConfig& site, const date::time_zone* zone, const std::string& service,
             engine::Time now) {
    const auto w = opening_today(site, zone, service, now);
    return w && now >= w->open && now < w->close;
}

std::optional<engine::Time> next_opening(const SiteConfig& site, const date::time_zone* zone,
                                         const std::string& service, engine::Time now) {
    if (site.hours.empty()) return std::nullopt;
    const date::local_days today = local_day_of(zone, now);
    for (int d = 0; d <= 14; ++d) {
        // Local noon of the day: never in a clock change.
        const engine::Time noon = at_local(zone, today + date::days(d), std::chrono::hours(12));
        const auto w = opening_today(site, zone, service, noon);
        if (w && w->open > now) return w->open;
    }
    return std::nullopt;
}

std::optional<Text> hours_text_today(const SiteConfig& site, const date::time_zone* zone,
                                     engine::Time now) {
    if (closure_today(site, zone, now)) return std::nullopt;
    if (site.hours.empty()) return Text{"Ouvert en continu", "Open all day"};
    const date::local_days day = local_day_of(zone, now);
    const int weekday = static_cast<int>(date::weekday(day).c_encoding());
    std::optional<std::pair<std::chrono::minutes, std::chrono::minutes>> span;
    for (const Hours& h : site.hours) {
        if (std::find(h.weekdays.begin(), h.weekdays.end(), weekday) == h.weekdays.end()) continue;
        if (!span) {
            span = std::make_pair(h.open, h.close);
        } else {
            span->first = std::min(span->first, h.open);
            span->second = std::max(span->second, h.close);
        }
    }
    if (!span) return std::nullopt;
    return Text{french_time(span->first) + " – " + french_time(span->second),
                english_time(span->first) + " – " + english_time(span->second)};
}

}  // namespace guichet::config
