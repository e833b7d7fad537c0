#include "controller/report/report_schedule.h"

#include "controller/config/opening_hours.h"
#include "controller/report/records.h"

namespace guichet::report {

engine::Time day_closes_at(const config::SiteConfig& site, const date::time_zone* zone,
                           const std::string& day) {
    const auto date = parse_day(day);
    if (!date) throw std::invalid_argument("date invalide (AAAA-MM-JJ) : " + day);
    const date::local_days local{date->time_since_epoch()};
    auto at_local = [&](date::local_seconds t) {
        return date::floor<std::chrono::seconds>(zone->to_sys(t, date::choose::earliest));
    };
    const engine::Time noon = at_local(local + std::chrono::hours(12));  // never in a clock change
    std::optional<engine::Time> close;
    for (const config::Service& s : site.services) {
        const auto window = config::opening_today(site, zone, s.id, noon);
        if (window && (!close || window->close > *close)) close = window->close;
    }
    return close ? *close : at_local(local + date::days(1));
}

std::vector<std::string> reports_due(const config::SiteConfig& site, const date::time_zone* zone,
                                     engine::Time now, const std::vector<std::string>& days,
                                     const std::function<bool(const std::string&)>& written) {
    std::vector<std::string> due;
    for (const std::string& day : days) {
        if (day_closes_at(site, zone, day) + site.reports.after_closing > now) continue;
        if (!written(day)) due.push_back(day);
    }
    return due;
}

}  // namespace guichet::report
