#include "controller/cli/plan.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "controller/config/opening_hours.h"
#include "controller/config/site_time.h"
#include "controller/regulation/service_time.h"

namespace guichet::cli {

namespace {

constexpr std::size_t kMinimumCalls = 10;  // below this, the configured mean service time

const char* const kDaysFr[] = {"dimanche", "lundi",    "mardi", "mercredi",
                               "jeudi",    "vendredi", "samedi"};
const char* const kDaysShort[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct Live {
    std::string service;
    std::optional<engine::Time> called_at;
};

std::string decimal_fr(double v, int digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    std::string s = buffer;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// Width in characters, not bytes (labels are UTF-8).
std::size_t chars(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, std::size_t width) {
    return s + std::string(width > chars(s) ? width - chars(s) : 1, ' ');
}

// Minutes of a local hour the service is open on the weekday (its first day in the log), so
// that the tickets of 8 h 30 - 9 h are a rate over 30 minutes; 60 when it is not open then.
double open_minutes(const config::SiteConfig& site, const date::time_zone* zone,
                    const WeekdayHistory& history, const std::string& service, int hour) {
    if (history.days.empty()) return 60;
    std::istringstream in(history.days.front());
    date::local_days day;
    in >> date::parse("%F", day);
    const auto at = [&](int h) {
        return date::floor<std::chrono::seconds>(
            zone->to_sys(day + std::chrono::hours(h), date::choose::earliest));
    };
    const auto window = config::opening_today(site, zone, service, at(12));
    if (!window) return 60;
    const auto from = std::max(window->open, at(hour));
    const auto to = std::min(window->close, at(hour + 1));
    const double open = static_cast<double>((to - from).count()) / 60;
    return open > 0 ? open : 60;
}

}  // namespace

int parse_weekday(const std::string& name) {
    for (int i = 0; i < 7; ++i)
        if (name == kDaysShort[i] || name == kDaysFr[i]) return i;
    return -1;
}

WeekdayHistory observe_weekday(store::EventStore& store, const date::time_zone* zone, int weekday) {
    WeekdayHistory h;
    h.weekday = weekday;
    // The day's tickets by number (numbers restart daily). Times are the log's (as the reports
    // read them), not the copies inside the events.
    std::map<std::string, Live> live;
    std::string day;
    store.replay([&](const store::StoredRecord& r) {
        if (!r.event) return;
        if (r.day != day) {
            day = r.day;
            live.clear();
        }
        const auto local_day = date::floor<date::days>(zone->to_local(r.at));
        if (static_cast<int>(date::weekday(local_day).c_encoding()) != weekday) return;
        std::visit(
            [&](const auto& e) {
                using T = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<T, engine::TicketIssued>) {
                    if (h.days.empty() || h.days.back() != r.day) h.days.push_back(r.day);
                    const auto local = zone->to_local(r.at);
                    const auto hour = date::floor<std::chrono::hours>(local - local_day).count();
                    ++h.arrivals[e.service][static_cast<int>(hour)];
                    live[e.number] = {e.service, std::nullopt};
                } else if constexpr (std::is_same_v<T, engine::TicketCalled>) {
                    auto it = live.find(e.number);
                    if (it != live.end() && !e.recall) it->second.called_at = r.at;
                } else if constexpr (std::is_same_v<T, engine::TicketFinished>) {
                    auto it = live.find(e.number);
                    if (it != live.end() && it->second.called_at)
                        h.durations[it->second.service].push_back(
                            static_cast<double>((r.at - *it->second.called_at).count()));
                } else if constexpr (std::is_same_v<T, engine::TicketTransferred>) {
                    auto it = live.find(e.number);
                    if (it != live.end()) it->second = {e.to_service, std::nullopt};
                }
            },
            *r.event);
    });
    return h;
}

Plan make_plan(const config::SiteConfig& site, const date::time_zone* zone,
               const WeekdayHistory& history, const PlanOptions& options) {
    Plan plan;
    plan.weekday = history.weekday;
    plan.days = history.days;
    plan.options = options;
    int first = 24, last = -1;
    for (const auto& [service, by_hour] : history.arrivals) {
        for (const auto& [hour, n] : by_hour) {
            first = std::min(first, hour);
            last = std::max(last, hour);
        }
    }
    for (int hour = first; hour <= last; ++hour) plan.hours.push_back(hour);
    const double days = static_cast<double>(std::max<std::size_t>(1, history.days.size()));
    for (const config::Service& s : site.services) {
        ServicePlan sp;
        sp.id = s.id;
        sp.label = s.label.fr;
        sp.target_wait_s = s.target_wait.count();
        sp.mean_service_s = static_cast<double>(s.mean_service.count());
        if (auto it = history.durations.find(s.id);
            it != history.durations.end() && it->second.size() >= kMinimumCalls) {
            sp.mean_service_s =
                regulation::robust_fit(std::deque<double>(it->second.begin(), it->second.end()))
                    .mean_s;
            sp.learned = true;
        }
        std::vector<regulation::HourDemand> demand;
        const auto arrivals = history.arrivals.find(s.id);
        for (int hour : plan.hours) {
            int n = 0;
            if (arrivals != history.arrivals.end()) {
                auto it = arrivals->second.find(hour);
                if (it != arrivals->second.end()) n = it->second;
            }
            const double rate = n / days * 60 / open_minutes(site, zone, history, s.id, hour);
            sp.arrivals_per_hour.push_back(rate);
            demand.push_back({s.id, hour, rate, sp.mean_service_s});
        }
        regulation::StaffingRules rules;
        rules.target_wait = s.target_wait;
        rules.share = options.share;
        rules.patience_mean_s = options.patience_mean_s;
        rules.max_counters = options.max_counters;
        sp.hours = regulation::plan_counters(demand, rules);
        plan.services.push_back(std::move(sp));
    }
    return plan;
}

std::string plan_text(const Plan& plan) {
    std::ostringstream out;
    const std::string day = kDaysFr[plan.weekday];
    if (plan.days.empty()) {
        out << "Aucun " << day << " dans le journal : pas de conseil possible.\n";
        return out.str();
    }
    out << "Guichets conseillés le " << day << ", d'après " << plan.days.size() << " " << day
        << (plan.days.size() > 1 ? "s" : "") << " du journal (" << plan.days.front() << " – "
        << plan.days.back() << ").\n"
        << "Objectif : " << decimal_fr(100 * plan.options.share, 0)
        << " % des visiteurs appelés avant l'attente cible de leur service.\n\n";
    std::size_t width = 8;
    for (const ServicePlan& s : plan.services) width = std::max(width, chars(s.label) + 2);
    out << pad("Service", width) << pad("durée moyenne", 18) << "attente cible\n";
    for (const ServicePlan& s : plan.services)
        out << pad(s.label, width)
            << pad(decimal_fr(s.mean_service_s / 60, 1) + " min" + (s.learned ? "" : " (config.)"),
                   18)
            << s.target_wait_s / 60 << " min\n";
    out << "\nGuichets par heure (arrivées attendues par heure entre parenthèses)\n";
    out << pad("heure", 8);
    for (const ServicePlan& s : plan.services) out << pad(s.label, width);
    out << "total\n";
    for (std::size_t i = 0; i < plan.hours.size(); ++i) {
        out << pad(std::to_string(plan.hours[i]) + " h", 8);
        int total = 0;
        bool unmet = false;
        for (const ServicePlan& s : plan.services) {
            const regulation::HourAdvice& a = s.hours[i];
            std::string cell = a.counters ? std::to_string(*a.counters)
                                          : "> " + std::to_string(plan.options.max_counters);
            cell += " (" + decimal_fr(s.arrivals_per_hour[i], 1) + ")";
            if (a.counters)
                total += *a.counters;
            else
                unmet = true;
            out << pad(cell, width);
        }
        out << (unmet ? "> " : "") << total << "\n";
    }
    out << "\nUn guichet qui sert plusieurs services compte pour chacun : le total est un "
           "maximum.\n";
    return out.str();
}

std::string plan_json(const Plan& plan) {
    nlohmann::ordered_json j;
    j["weekday"] = kDaysShort[plan.weekday];
    j["days"] = plan.days;
    j["share"] = plan.options.share;
    j["patience_mean_s"] = plan.options.patience_mean_s;
    j["services"] = nlohmann::ordered_json::array();
    for (const ServicePlan& s : plan.services) {
        nlohmann::ordered_json sj = {{"id", s.id},
                                     {"label", s.label},
                                     {"mean_service_s", s.mean_service_s},
                                     {"mean_service_learned", s.learned},
                                     {"target_wait_s", s.target_wait_s},
                                     {"hours", nlohmann::ordered_json::array()}};
        for (std::size_t i = 0; i < s.hours.size(); ++i) {
            const regulation::HourAdvice& a = s.hours[i];
            nlohmann::ordered_json hj = {{"hour", a.hour},
                                         {"arrivals_per_hour", s.arrivals_per_hour[i]}};
            hj["counters"] = a.counters ? nlohmann::ordered_json(*a.counters) : nullptr;
            hj["served_within_target"] = a.served_within;
            hj["mean_wait_s"] = a.mean_wait_s;
            sj["hours"].push_back(std::move(hj));
        }
        j["services"].push_back(std::move(sj));
    }
    return j.dump(2) + "\n";
}

}  // namespace guichet::cli
