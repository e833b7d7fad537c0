#include "controller/report/daily.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>

#include "controller/config/opening_hours.h"
#include "controller/config/site_time.h"
#include "controller/report/report_schedule.h"

namespace guichet::report {

namespace {

using engine::Time;
using std::chrono::seconds;

constexpr seconds kSlot{15 * 60};
constexpr seconds kSurgeWindow{30 * 60};
constexpr int kSurgeFactor = 2;        // arrivals at least twice the day's average pace
constexpr int kSurgeMinimum = 3;       // and at least this many tickets in the window
constexpr int kLongServiceFactor = 2;  // a visit longer than twice the service's mean

std::int64_t secs(seconds d) {
    return d.count();
}

// The record types a day is folded from, told apart once per record.
enum class Kind {
    issued,
    called,
    started,
    transferred,
    finished,
    no_show,
    cancelled,
    counter_opened,
    counter_paused,
    counter_closed,
    vote,
    alert_raised,
    alert_repeated,
    alert_resolved,
    other,  // not read by the figures (ticket.printed, footfall counts, ...)
};

Kind kind_of(const std::string& type) {
    static const std::unordered_map<std::string_view, Kind> kinds = {
        {"ticket.issued", Kind::issued},
        {"ticket.called", Kind::called},
        {"ticket.started", Kind::started},
        {"ticket.transferred", Kind::transferred},
        {"ticket.finished", Kind::finished},
        {"ticket.no_show", Kind::no_show},
        {"ticket.cancelled", Kind::cancelled},
        {"counter.opened", Kind::counter_opened},
        {"counter.paused", Kind::counter_paused},
        {"counter.closed", Kind::counter_closed},
        {"survey.voted", Kind::vote},
        {"alert.raised", Kind::alert_raised},
        {"alert.repeated", Kind::alert_repeated},
        {"alert.resolved", Kind::alert_resolved},
    };
    auto it = kinds.find(type);
    return it == kinds.end() ? Kind::other : it->second;
}

// One stay at a counter: from a (first) call to finish, no-show or transfer.
struct Visit {
    std::string counter;
    std::string service;
    Time called;
    std::optional<Time> started;
    std::optional<Time> ended;
    Kind outcome = Kind::other;  // finished | no_show | transferred | called again | other (open)
};

// One ticket's life over the day.
struct Life {
    std::string number;
    std::string service;  // as chosen at the dispenser
    std::string current;  // the service it waits in now (changed by transfers)
    Time issued;
    std::optional<Time> first_call;
    std::optional<Time> ended;
    Kind outcome = Kind::other;  // finished | no_show | cancelled | other (not ended)
    std::optional<std::int64_t> estimate;
    int visit = -1;  // the open visit, if any
};

struct CounterChange {
    Time at;
    engine::CounterState state;
    std::vector<std::string> services;  // served from this change on
};

struct Interval {
    Time from;
    Time to;
    bool overlaps(Time a, Time b) const { return from < b && to > a; }
};

struct AlertLife {
    Alert alert;
    Time raised;
    std::optional<Time> resolved;
};

// Alert levels as site_alerts writes them, least severe first; an unknown level counts as a
// warning.
int severity(const std::string& level) {
    return level == "info" ? 0 : level == "critical" ? 2 : 1;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

double percent(int part, int whole) {
    return whole == 0 ? 100.0 : 100.0 * part / whole;
}

// The day, folded from its records.
struct Day {
    const config::SiteConfig& site;
    const date::time_zone* zone;
    std::vector<Life> lives;
    std::vector<Visit> visits;
    std::map<std::string, std::vector<CounterChange>> counters;
    std::vector<AlertLife> alerts;
    std::vector<std::string> alert_ids;  // parallel to alerts: what pairs a resolution
    Satisfaction satisfaction;
    int transfers = 0;
    Time end{};  // the last record of the day: what is still open is counted up to here

    std::string iso(Time t) const { return config::format_local_iso(zone, t); }

    void fold(const std::vector<Record>& records) {
        // number -> index in lives (numbers may wrap)
        std::unordered_map<std::string, std::size_t> live;
        auto life_of = [&](const Record& r) -> Life* {
            auto it = live.find(r.ticket);
            return it == live.end() ? nullptr : &lives[it->second];
        };
        auto close_visit = [&](Life& life, const Record& r, Kind kind) {
            if (life.visit < 0) return;
            visits[life.visit].ended = r.at;
            visits[life.visit].outcome = kind;
            life.visit = -1;
        };
        for (const Record& r : records) {
            end = std::max(end, r.at);
            const Kind kind = kind_of(r.type);
            if (kind == Kind::issued) {
                live[r.ticket] = lives.size();
                lives.push_back(Life{
                    r.ticket, r.service, r.service, r.at, {}, {}, Kind::other, r.estimated_wait_s});
            } else if (kind == Kind::counter_opened || kind == Kind::counter_paused ||
                       kind == Kind::counter_closed) {
                auto& changes = counters[r.counter];
                CounterChange c{r.at, engine::CounterState::closed, {}};
                if (!changes.empty()) c.services = changes.back().services;
                if (kind == Kind::counter_opened) {
                    c.state = engine::CounterState::open;
                    if (r.data.contains("services"))
                        c.services = r.data.at("services").get<std::vector<std::string>>();
                } else if (kind == Kind::counter_paused) {
                    c.state = engine::CounterState::paused;
                }
                changes.push_back(std::move(c));
            } else if (kind == Kind::vote) {
                vote(r.data);
            } else if (kind == Kind::alert_raised || kind == Kind::alert_repeated ||
                       kind == Kind::alert_resolved) {
                alert(r, kind);
            } else if (kind == Kind::other) {
                continue;
            } else if (Life* life = life_of(r)) {
                if (kind == Kind::called) {
                    if (!life->first_call) life->first_call = r.at;
                    if (r.recall && life->visit >= 0) continue;
                    close_visit(*life, r, kind);
                    life->visit = static_cast<int>(visits.size());
                    visits.push_back(Visit{r.counter, life->current, r.at, {}, {}, Kind::other});
                } else if (kind == Kind::started) {
                    if (life->visit >= 0) visits[life->visit].started = r.at;
                } else if (kind == Kind::transferred) {
                    close_visit(*life, r, kind);
                    life->current = r.service;
                    transfers++;
                } else {  // finished, no_show, cancelled
                    close_visit(*life, r, kind);
                    life->ended = r.at;
                    life->outcome = kind;
                }
            }
        }
    }

    void vote(const nlohmann::json& data) {
        const int score = data.value("score", 0);
        if (score < 1 || score > 4) return;
        satisfaction.votes[score - 1]++;
        const std::string service = data.value("service", std::string());
        auto it = std::find_if(satisfaction.services.begin(), satisfaction.services.end(),
                               [&](const auto& s) { return s.service == service; });
        if (it == satisfaction.services.end())
            it = satisfaction.services.insert(satisfaction.services.end(), {service, {}});
        it->votes[score - 1]++;
    }

    // The log's alert records (controller/daemon/site_alerts.h): raised opens an alert;
    // repeated (raised again, or continued after a restart) opens one only when none of its
    // id is open in the day (it was raised on an earlier day), and when it is more severe
    // (paper near its end, then out) the open alert takes its level and sentence, so the report
    // says the worst it was; resolved closes the open one.
    void alert(const Record& r, Kind kind) {
        const std::string id = r.data.value("id", r.data.value("kind", std::string()) + "/" +
                                                      r.data.value("service", std::string()));
        AlertLife* open = nullptr;
        for (std::size_t i = alerts.size(); i-- > 0 && !open;)
            if (alert_ids[i] == id && !alerts[i].resolved) open = &alerts[i];
        if (kind == Kind::alert_resolved) {
            if (open) {
                open->resolved = r.at;
                open->alert.resolved_at = iso(r.at);
            }
            return;
        }
        const std::string level = r.data.value("level", std::string("warning"));
        if (kind == Kind::alert_repeated && open) {
            if (severity(level) > severity(open->alert.level)) {
                open->alert.level = level;
                open->alert.message = r.data.value("message", open->alert.message);
            }
            return;
        }
        AlertLife a;
        a.alert.kind = r.data.value("kind", std::string());
        a.alert.service = r.data.value("service", std::string());
        a.alert.level = level;
        a.alert.message = r.data.value("message", std::string());
        a.alert.raised_at = iso(r.at);
        a.raised = r.at;
        alert_ids.push_back(id);
        alerts.push_back(std::move(a));
    }

    std::vector<Interval> intervals(const std::string& counter, engine::CounterState state) const {
        std::vector<Interval> out;
        auto it = counters.find(counter);
        if (it == counters.end()) return out;
        const auto& changes = it->second;
        for (std::size_t i = 0; i < changes.size(); ++i) {
            if (changes[i].state != state) continue;
            const Time to =
                i + 1 < changes.size() ? changes[i + 1].at : std::max(end, changes[i].at);
            out.push_back({changes[i].at, to});
        }
        return out;
    }

    // The services a counter served at `t` (its last opening before t).
    std::vector<std::string> services_at(const std::string& counter, Time t) const {
        auto it = counters.find(counter);
        if (it == counters.end()) return {};
        std::vector<std::string> out;
        for (const CounterChange& c : it->second) {
            if (c.at > t) break;
            out = c.services;
        }
        return out;
    }

    engine::CounterState state_before(const std::string& counter, Time t) const {
        engine::CounterState state = engine::CounterState::closed;
        auto it = counters.find(counter);
        if (it == counters.end()) return state;
        for (const CounterChange& c : it->second) {
            if (c.at >= t) break;
            state = c.state;
        }
        return state;
    }

    seconds wait_of(const Life& life) const {
        return (life.first_call ? *life.first_call : end) - life.issued;
    }
};

Stats make_stats(std::vector<std::int64_t> values) {
    Stats s;
    s.count = static_cast<int>(values.size());
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (auto v : values) sum += static_cast<double>(v);
    s.mean_s = sum / static_cast<double>(values.size());
    s.median_s = percentile(values, 50);
    s.p90_s = percentile(values, 90);
    s.max_s = values.back();
    return s;
}

void count_refusals(const std::vector<Request>& requests, Summary& summary) {
    for (const Request& q : requests) {
        if (q.ok || q.op != "ticket.take") continue;
        if (q.error == "cutoff") {
            summary.refused_cutoff++;
        } else if (q.error == "capacity_full") {
            summary.refused_capacity++;
        } else if (q.error.rfind("quota", 0) == 0) {
            summary.refused_quota++;
        } else if (q.error == "service_closed") {
            summary.refused_closed++;
        } else {
            summary.refused_other++;
        }
    }
}

// Where each id is in `ids`: one pass over the lives and visits serves every service or counter.
std::unordered_map<std::string_view, std::size_t> positions(const std::vector<std::string>& ids) {
    std::unordered_map<std::string_view, std::size_t> at;
    for (std::size_t i = 0; i < ids.size(); ++i) at.emplace(ids[i], i);
    return at;
}

void service_figures(const Day& day, DailyReport& report) {
    const auto& services = day.site.services;
    std::vector<std::string> ids;
    for (const config::Service& svc : services) {
        ServiceFigures f;
        f.id = svc.id;
        f.label_fr = svc.label.fr;
        f.label_en = svc.label.en;
        f.target_s = secs(svc.target_wait);
        report.services.push_back(std::move(f));
        ids.push_back(svc.id);
    }
    const auto at = positions(ids);
    struct Sums {
        std::vector<std::int64_t> waits, service_times;
        double error_sum = 0;
        int population = 0;
    };
    std::vector<Sums> sums(services.size());
    for (const Life& life : day.lives) {
        const auto it = at.find(life.service);
        if (it == at.end()) continue;
        ServiceFigures& f = report.services[it->second];
        Sums& sum = sums[it->second];
        f.issued++;
        if (life.outcome == Kind::cancelled) {
            f.cancelled++;
            continue;
        }
        sum.population++;
        if (life.outcome == Kind::finished) f.served++;
        if (life.outcome == Kind::no_show) f.no_shows++;
        if (!life.first_call) {
            if (!life.ended && !report.in_progress) f.left_unserved++;
            continue;
        }
        f.called++;
        const std::int64_t wait = secs(*life.first_call - life.issued);
        sum.waits.push_back(wait);
        if (wait <= f.target_s) f.within_target++;
        const auto minute = static_cast<std::size_t>(wait / 60);
        if (f.wait_minutes.size() <= minute) f.wait_minutes.resize(minute + 1);
        f.wait_minutes[minute]++;
        if (life.estimate) {
            f.estimates++;
            sum.error_sum += static_cast<double>(std::llabs(*life.estimate - wait));
        }
    }
    for (const Visit& v : day.visits) {
        const auto it = at.find(v.service);
        if (it != at.end() && v.outcome == Kind::finished)
            sums[it->second].service_times.push_back(secs(*v.ended - v.started.value_or(v.called)));
    }
    for (std::size_t i = 0; i < services.size(); ++i) {
        ServiceFigures& f = report.services[i];
        Sums& sum = sums[i];
        f.wait = make_stats(std::move(sum.waits));
        f.service_time = make_stats(std::move(sum.service_times));
        f.within_target_pct = percent(f.within_target, sum.population);
        f.above_kpi_pct = 100.0 - f.within_target_pct;
        if (f.estimates > 0) f.estimate_mae_s = sum.error_sum / f.estimates;
        report.commitment.population += sum.population;
        report.commitment.within += f.within_target;
    }
    const bool same_target =
        !services.empty() && std::all_of(services.begin(), services.end(), [&](const auto& s) {
            return s.target_wait == services.front().target_wait;
        });
    report.commitment.target_s = same_target ? secs(services.front().target_wait) : 0;
    report.commitment.achieved_pct =
        percent(report.commitment.within, report.commitment.population);
}

void counter_figures(const Day& day, DailyReport& report) {
    std::vector<std::string> ids;
    for (const config::Counter& c : day.site.counters) ids.push_back(c.id);
    for (const auto& [id, changes] : day.counters)
        if (!contains(ids, id)) ids.push_back(id);
    for (const std::string& id : ids) {
        CounterFigures f;
        f.id = id;
        const config::Counter* def = day.site.counter(id);
        f.label = def ? def->label : "Guichet " + id;
        for (const Interval& i : day.intervals(id, engine::CounterState::open))
            f.open_s += secs(i.to - i.from);
        for (const Interval& i : day.intervals(id, engine::CounterState::paused))
            f.paused_s += secs(i.to - i.from);
        report.counters.push_back(std::move(f));
    }
    const auto at = positions(ids);
    std::vector<std::int64_t> service_sums(ids.size());
    for (const Visit& v : day.visits) {
        const auto it = at.find(v.counter);
        if (it == at.end()) continue;
        CounterFigures& f = report.counters[it->second];
        f.busy_s += secs(v.ended.value_or(day.end) - v.called);
        if (v.outcome != Kind::finished) continue;
        f.served++;
        service_sums[it->second] += secs(*v.ended - v.started.value_or(v.called));
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CounterFigures& f = report.counters[i];
        if (f.served > 0) f.mean_service_s = static_cast<double>(service_sums[i]) / f.served;
        const std::int64_t staffed = f.open_s + f.paused_s;
        if (staffed > 0) f.utilisation_pct = 100.0 * static_cast<double>(f.busy_s) / staffed;
    }
}

void slot_figures(const Day& day, const std::vector<Record>& records, DailyReport& report) {
    if (records.empty()) return;
    const auto local_midnight = date::floor<date::days>(day.zone->to_local(records.front().at));
    const Time midnight =
        date::floor<seconds>(day.zone->to_sys(local_midnight, date::choose::earliest));
    auto slot_of = [&](Time t) { return (t - midnight) / kSlot; };
    Time first = records.front().at;
    for (const Record& r : records) first = std::min(first, r.at);
    const auto first_slot = slot_of(first), last_slot = slot_of(day.end);
    // Arrivals, first calls and waits in one pass over the tickets (each time is a record's).
    std::vector<Slot> slots(static_cast<std::size_t>(last_slot - first_slot + 1));
    auto slot_at = [&](Time t) -> Slot& {
        return slots[static_cast<std::size_t>(slot_of(t) - first_slot)];
    };
    for (const Life& life : day.lives) {
        Slot& issued = slot_at(life.issued);
        issued.arrivals++;
        if (!life.first_call) continue;
        issued.waits++;
        issued.wait_sum_s += secs(*life.first_call - life.issued);
        slot_at(*life.first_call).calls++;
    }

    std::vector<std::pair<Time, int>> deltas;  // +1 joins the queue, -1 leaves it
    for (const Life& life : day.lives) {
        deltas.emplace_back(life.issued, +1);
        const std::optional<Time> leaves = life.first_call ? life.first_call : life.ended;
        if (leaves) deltas.emplace_back(*leaves, -1);
    }
    std::sort(deltas.begin(), deltas.end());
    std::size_t next_delta = 0;
    int waiting = 0;
    std::vector<std::string> counter_ids;
    for (const auto& [id, changes] : day.counters) counter_ids.push_back(id);

    for (auto s = first_slot; s <= last_slot; ++s) {
        Slot& slot = slots[static_cast<std::size_t>(s - first_slot)];
        const Time from = midnight + s * kSlot, to = from + kSlot;
        slot.start = day.iso(from);
        slot.label = slot.start.substr(11, 5);  // "2026-03-29T03:00:00+02:00" -> "03:00"
        slot.max_waiting = waiting;
        while (next_delta < deltas.size() && deltas[next_delta].first < to) {
            const Time at = deltas[next_delta].first;
            while (next_delta < deltas.size() && deltas[next_delta].first == at)
                waiting += deltas[next_delta++].second;
            slot.max_waiting = std::max(slot.max_waiting, waiting);
        }
        slot.waiting = waiting;
        for (const std::string& id : counter_ids)
            if (day.state_before(id, to) == engine::CounterState::open) slot.counters_open++;
    }
    report.slots = std::move(slots);
}

// Why a ticket waited too long: the first situation found while it waited.
std::string cause_of(const Day& day, const Life& life) {
    const Time from = life.issued, to = life.issued + day.wait_of(life);
    for (const auto& [id, changes] : day.counters) {
        for (const Interval& p : day.intervals(id, engine::CounterState::paused)) {
            if (p.overlaps(from, to) && contains(day.services_at(id, p.from), life.service))
                return "counters_paused";
        }
    }
    int recent = 0, total = 0;
    Time first_issue = life.issued, last_issue = life.issued;
    for (const Life& other : day.lives) {
        if (other.service != life.service) continue;
        total++;
        first_issue = std::min(first_issue, other.issued);
        last_issue = std::max(last_issue, other.issued);
        if (other.issued <= life.issued && other.issued >= life.issued - kSurgeWindow) recent++;
    }
    const auto window = config::opening_today(day.site, day.zone, life.service, life.issued);
    const seconds span = std::max<seconds>(
        kSurgeWindow, window ? window->close - window->open : last_issue - first_issue);
    const double pace = static_cast<double>(total) * secs(kSurgeWindow) / secs(span);
    if (recent >= kSurgeMinimum && recent >= kSurgeFactor * pace) return "surge";
    for (const Visit& v : day.visits) {
        const Time visit_end = v.ended.value_or(day.end);
        if (!Interval{v.called, visit_end}.overlaps(from, to)) continue;
        if (v.service != life.service &&
            !contains(day.services_at(v.counter, v.called), life.service))
            continue;
        const config::Service* svc = day.site.service(v.service);
        if (svc &&
            visit_end - v.started.value_or(v.called) > kLongServiceFactor * svc->mean_service)
            return "long_services";
    }
    return "none_found";
}

seconds target_of(const Day& day, const Life& life) {
    const config::Service* svc = day.site.service(life.service);
    return svc ? svc->target_wait : seconds(std::chrono::minutes(20));
}

// A gap: a ticket not cancelled and not called within its service's target.
bool is_gap(const Day& day, const Life& life) {
    return life.outcome != Kind::cancelled &&
           (!life.first_call || day.wait_of(life) > target_of(day, life));
}

void gap_figures(const Day& day, DailyReport& report) {
    static const char* const kCauses[] = {"counters_paused", "surge", "long_services",
                                          "none_found"};
    std::map<std::string, std::vector<std::pair<Gap, Interval>>> by_cause;
    for (const Life& life : day.lives) {
        if (!is_gap(day, life)) continue;
        const seconds target = target_of(day, life);
        const seconds wait = day.wait_of(life);
        Gap g;
        g.ticket = life.number;
        g.service = life.service;
        g.issued_at = day.iso(life.issued);
        if (life.first_call) g.called_at = day.iso(*life.first_call);
        g.wait_s = secs(wait);
        g.over_s = std::max<std::int64_t>(0, secs(wait - target));
        by_cause[cause_of(day, life)].push_back({g, Interval{life.issued, life.issued + wait}});
    }
    for (const char* cause : kCauses) {
        auto it = by_cause.find(cause);
        if (it == by_cause.end()) continue;
        GapGroup group;
        group.cause = cause;
        for (auto& [gap, window] : it->second) group.tickets.push_back(gap);
        for (const AlertLife& a : day.alerts) {
            const Interval active{a.raised, a.resolved.value_or(day.end)};
            if (std::any_of(it->second.begin(), it->second.end(), [&](const auto& g) {
                    return active.overlaps(g.second.from, g.second.to) ||
                           active.from == g.second.from;
                }))
                group.alerts.push_back(a.alert);
        }
        report.commitment.gaps += static_cast<int>(group.tickets.size());
        report.gaps.push_back(std::move(group));
    }
}

}  // namespace

std::int64_t percentile(const std::vector<std::int64_t>& sorted, int p) {
    if (sorted.empty()) return 0;
    const auto n = sorted.size();
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
    rank = std::clamp<std::size_t>(rank, 1, n);
    return sorted[rank - 1];
}

Stats stats_of(std::vector<std::int64_t> values) {
    return make_stats(std::move(values));
}

DailyReport compute_daily(const config::SiteConfig& site, const date::time_zone* zone,
                          const std::string& day, const std::vector<Record>& records,
                          const std::vector<Request>& requests, Detail detail,
                          std::optional<engine::Time> now) {
    DailyReport report;
    report.in_progress = now && *now < day_closes_at(site, zone, day);
    report.site_id = site.id;
    report.site_name = site.name;
    report.timezone = site.timezone;
    report.day = day;
    report.capacity = site.capacity;
    report.events = static_cast<int>(records.size());
    if (!records.empty()) {
        report.first_seq = records.front().seq;
        report.last_seq = records.back().seq;
    }
    Day d{site, zone, {}, {}, {}, {}, {}, {}, 0, {}};
    d.fold(records);
    for (AlertLife& a : d.alerts) a.alert.duration_s = secs(a.resolved.value_or(d.end) - a.raised);

    Summary& s = report.summary;
    s.issued = static_cast<int>(d.lives.size());
    for (const Life& life : d.lives) {
        if (life.outcome == Kind::finished) s.served++;
        if (life.outcome == Kind::no_show) s.no_shows++;
        if (life.outcome == Kind::cancelled) s.cancelled++;
        if (!life.first_call && !life.ended)
            (report.in_progress ? s.still_waiting : s.left_unserved)++;
    }
    s.transferred = d.transfers;
    s.return_time =
        static_cast<int>(std::count_if(records.begin(), records.end(), [](const Record& r) {
            return r.type == "return_time.given";
        }));
    count_refusals(requests, s);

    service_figures(d, report);
    counter_figures(d, report);
    slot_figures(d, records, report);
    if (detail == Detail::full) {
        gap_figures(d, report);
        for (const AlertLife& a : d.alerts) report.alerts.push_back(a.alert);
    } else {
        report.commitment.gaps = static_cast<int>(std::count_if(
            d.lives.begin(), d.lives.end(), [&](const Life& life) { return is_gap(d, life); }));
    }

    report.satisfaction = d.satisfaction;
    int votes = 0, total = 0;
    for (int i = 0; i < 4; ++i) {
        votes += d.satisfaction.votes[i];
        total += (i + 1) * d.satisfaction.votes[i];
    }
    if (votes > 0) report.satisfaction.mean = static_cast<double>(total) / votes;
    return report;
}

}  // namespace guichet::report
