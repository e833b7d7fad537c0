// Report benchmark: a simulated year of a very busy site (over 500,000 tickets) written through
// EventStore::append, then the daily, monthly and yearly reports timed, each in its own process
// so that its peak memory is its own (see bench/report-bench.sh and docs/report.md).
//
//   report_bench generate STORE CONFIG         writes 2026 into STORE (a new file)
//   report_bench save STORE CONFIG FROM TO      saves the daily aggregates (the nightly job)
//   report_bench measure STORE CONFIG FROM [TO] one report (HTML), prints time and peak memory
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include "controller/config/site_time.h"
#include "controller/report/archive.h"
#include "controller/report/render.h"
#include "controller/store/event_store.h"

using namespace guichet;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// Arrivals per hour on a weekday, 08:00-16:59 local (scaled to the day's total).
constexpr double kWeekdayShape[] = {0.5, 0.8, 1.0, 1.3, 1.4, 1.3, 1.0, 0.9, 0.7};
constexpr double kServiceShare[] = {0.40, 0.22, 0.10, 0.18, 0.10};
constexpr double kMeanServiceMin[] = {5, 8, 6, 10, 20};

struct Timed {
    engine::Time at;
    int order;  // keeps a ticket's own events in order when times tie
    engine::Event event;
    std::optional<int> estimate;
};

engine::Time local(const date::time_zone* zone, date::local_days day, minutes m) {
    return date::floor<seconds>(zone->to_sys(day + m, date::choose::earliest));
}

// One day of the site: arrivals, a FIFO served by every counter, breaks, no-shows.
std::vector<Timed> simulate_day(const config::SiteConfig& site, const date::time_zone* zone,
                                date::local_days day, std::mt19937_64& rng) {
    const auto weekday = date::weekday(day).c_encoding();
    if (weekday == 0) return {};
    const bool saturday = weekday == 6;
    const minutes open = saturday ? minutes(9 * 60) : minutes(8 * 60 + 30);
    const minutes close = saturday ? minutes(12 * 60 + 30) : minutes(17 * 60);
    const double total = saturday ? 800 : 1800;
    const int counters = saturday ? 10 : static_cast<int>(site.counters.size());

    std::vector<Timed> out;
    int order = 0;
    auto add = [&](engine::Time at, engine::Event e, std::optional<int> estimate = {}) {
        out.push_back({at, order++, std::move(e), estimate});
    };
    // Arrivals: a Poisson count per hour, spread uniformly within the hour.
    double shape_sum = 0;
    for (double sh : kWeekdayShape) shape_sum += sh;
    std::vector<seconds> arrivals;
    for (int hour = 8; hour < 17; ++hour) {
        const double from = std::max<double>(hour * 3600.0, open.count() * 60.0);
        const double to = std::min<double>((hour + 1) * 3600.0, close.count() * 60.0);
        if (to <= from) continue;
        const double expected = saturday ? total * (to - from) / ((close - open).count() * 60.0)
                                         : total * kWeekdayShape[hour - 8] / shape_sum;
        std::poisson_distribution<int> count(expected);
        std::uniform_real_distribution<double> when(from, to);
        for (int i = count(rng); i > 0; --i)
            arrivals.push_back(seconds(static_cast<long>(when(rng))));
    }
    std::sort(arrivals.begin(), arrivals.end());
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<engine::Time> free_at(counters, local(zone, day, open));
    for (int c = 0; c < counters; ++c)
        add(local(zone, day, open),
            engine::CounterOpened{site.counters[c].id, site.counters[c].services, {}});
    // Breaks: each counter pauses 15 minutes mid-morning, a third of them 45 minutes at lunch.
    std::vector<std::vector<std::pair<engine::Time, engine::Time>>> breaks(counters);
    for (int c = 0; c < counters; ++c) {
        const auto b = local(zone, day, minutes(10 * 60 + 15 * (c % 5)));
        breaks[c].push_back({b, b + minutes(15)});
        if (!saturday && c % 3 == 0)
            breaks[c].push_back(
                {local(zone, day, minutes(12 * 60 + 30)), local(zone, day, minutes(13 * 60 + 15))});
        for (const auto& [from, to] : breaks[c]) {
            add(from, engine::CounterPaused{site.counters[c].id, {}});
            add(to, engine::CounterOpened{site.counters[c].id, site.counters[c].services, {}});
        }
    }
    std::discrete_distribution<int> which(std::begin(kServiceShare), std::end(kServiceShare));
    std::vector<int> numbers(site.services.size(), 0);
    const engine::LocalDay engine_day{day.time_since_epoch()};
    for (const seconds a : arrivals) {
        const engine::Time at = local(zone, day, minutes(0)) + a;
        const int s = which(rng);
        const auto& svc = site.services[s];
        char number[16];
        std::snprintf(number, sizeof number, "%s%03d", svc.prefix.c_str(), ++numbers[s] % 1000);
        // The counter that can call this visitor first, breaks skipped.
        int best = 0;
        engine::Time best_start = engine::Time::max();
        for (int c = 0; c < counters; ++c) {
            engine::Time start = std::max(at, free_at[c]);
            for (const auto& [from, to] : breaks[c])
                if (start >= from && start < to) start = to;
            if (start < best_start) best_start = start, best = c;
        }
        const int estimate = static_cast<int>((best_start - at).count());
        add(at, engine::TicketIssued{number, svc.id, false, at, engine_day}, estimate);
        add(at + seconds(2), engine::TicketPrinted{number, {}});
        const std::string& counter = site.counters[best].id;
        add(best_start, engine::TicketCalled{number, counter, false, false, {}});
        engine::Time end;
        if (unit(rng) < 0.05) {
            end = best_start + seconds(90);
            add(end, engine::TicketNoShow{number, {}});
        } else {
            std::exponential_distribution<double> service(1.0 / (kMeanServiceMin[s] * 60));
            const auto started = best_start + seconds(30);
            end = started + seconds(std::clamp<long>(static_cast<long>(service(rng)), 60, 3600));
            add(started, engine::TicketStarted{number, {}});
            add(end, engine::TicketFinished{number, {}});
        }
        free_at[best] = end;
    }
    for (int c = 0; c < counters; ++c)
        add(std::max(free_at[c], local(zone, day, close)),
            engine::CounterClosed{site.counters[c].id, {}});
    std::stable_sort(out.begin(), out.end(), [](const Timed& a, const Timed& b) {
        return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    return out;
}

// Events carry their own time too: set it from the schedule.
engine::Event at_time(engine::Event e, engine::Time at) {
    std::visit([&](auto& ev) { ev.at = at; }, e);
    return e;
}

int generate(const std::string& store_path, const config::SiteConfig& site) {
    const date::time_zone* zone = config::find_zone(site.timezone);
    store::EventStore store(store_path);
    std::mt19937_64 rng(20261123);
    long tickets = 0, events = 0, id = 0;
    const auto started = std::chrono::steady_clock::now();
    for (date::local_days day = date::local_days(date::year(2026) / 1 / 1);
         day <= date::local_days(date::year(2026) / 12 / 31); day += date::days(1)) {
        std::vector<store::Entry> batch;
        for (Timed& t : simulate_day(site, zone, day, rng)) {
            store::Entry e;
            e.device = "bench";
            e.request_id = "q" + std::to_string(++id);
            e.op = engine::event_type(t.event);
            e.at = t.at;
            e.day = config::format_local_date(zone, t.at);
            e.estimated_wait_s = t.estimate;
            if (std::holds_alternative<engine::TicketIssued>(t.event)) tickets++;
            e.events.push_back(at_time(std::move(t.event), t.at));
            e.reply = "{}";
            batch.push_back(std::move(e));
            events++;
        }
        store.append(batch);  // one transaction per day
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("generated %ld tickets, %ld events in %.1f s\n", tickets, events, s);
    return 0;
}

int measure(const std::string& store_path, const config::SiteConfig& site, const std::string& from,
            const std::string& to) {
    const date::time_zone* zone = config::find_zone(site.timezone);
    const auto started = std::chrono::steady_clock::now();
    SQLite::Database db = report::open_for_reading(store_path);
    std::size_t bytes = 0;
    int tickets = 0;
    if (to.empty()) {
        const auto r = report::daily_report(db, site, zone, from);
        bytes = report::render_html(r, report::Lang::fr).size();
        tickets = r.summary.issued;
    } else {
        const auto r = report::period_report(db, site, zone, from, to);
        bytes = report::render_html(r, report::Lang::fr).size();
        tickets = r.summary.issued;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%s%s%s: %d tickets, %.0f ms, peak memory %.1f MB, HTML %zu bytes\n", from.c_str(),
                to.empty() ? "" : " to ", to.c_str(), tickets, ms, usage.ru_maxrss / 1024.0, bytes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 3 || (args[0] != "generate" && args[0] != "measure" && args[0] != "save")) {
        std::cerr << "usage: report_bench generate STORE CONFIG | save STORE CONFIG FROM TO"
                     " | measure STORE CONFIG FROM [TO]\n";
        return 2;
    }
    auto loaded = config::load_site_config(args[2]);
    if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
        std::cerr << err->message() << "\n";
        return 2;
    }
    const auto& site = std::get<config::SiteConfig>(loaded);
    if (args[0] == "generate") return generate(args[1], site);
    if (args[0] == "save" && args.size() >= 5) {  // the nightly aggregates, for the warm figures
        SQLite::Database db(args[1], SQLite::OPEN_READWRITE);
        const auto started = std::chrono::steady_clock::now();
        report::save_days(db, site, config::find_zone(site.timezone), args[3], args[4]);
        std::printf(
            "saved daily aggregates %s to %s in %.1f s\n", args[3].c_str(), args[4].c_str(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        return 0;
    }
    if (args.size() < 4) return 2;
    return measure(args[1], site, args[3], args.size() > 4 ? args[4] : "");
}
