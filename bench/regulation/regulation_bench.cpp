// Accuracy of the printed wait estimates, and regulation on versus off, on
// simulated days (issue 5). Prints Markdown tables for docs/regulation.md.
//
//   regulation_bench [--days N] [--oracle-every K] [--oracle-runs R] [--site small|medium|large]
//                    [--year] [--cost]
//
// --cost: what one estimate costs (snapshot and dispatch), on the states of the
// simulated days, Monte Carlo and in expected values.
//
// Three sites (150, 600 and 1,500 visitors a day; services of 4, 12 and 20 min
// with CV 0.8, 0.9 and 1.0; peak hours 11-14 at 1.6x the mean hourly rate).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "controller/regulation/engine_view.h"
#include "controller/simulate/simulator.h"

using namespace guichet;
using namespace guichet::simulate;
using std::chrono::minutes;

namespace {

struct SiteSpec {
    std::string name;
    int per_day;
    int counters;
};

struct ServiceSpec {
    const char* id;
    const char* prefix;
    double mean_min;
    double cv;
    double share;  // of the visitors
};

constexpr ServiceSpec kServices[] = {
    {"court", "A", 4, 0.8, 0.5}, {"moyen", "B", 12, 0.9, 0.3}, {"long", "C", 20, 1.0, 0.2}};

config::SiteConfig site_config(const SiteSpec& spec) {
    config::SiteConfig site;
    site.id = spec.name;
    site.hours.push_back({{1, 2, 3, 4, 5}, minutes(8 * 60 + 30), minutes(17 * 60), {}});
    for (const ServiceSpec& s : kServices) {
        config::Service service;
        service.id = s.id;
        service.prefix = s.prefix;
        service.target_wait = minutes(20);
        service.mean_service = std::chrono::seconds(std::lround(s.mean_min * 60));
        site.services.push_back(service);
    }
    for (int i = 0; i < spec.counters; ++i) {
        config::Counter c;
        c.id = std::to_string(i + 1);
        c.label = "Guichet " + c.id;
        // Every counter serves every service; every third one in a fixed order of preference.
        for (int k = 0; k < 3; ++k) c.services.push_back(kServices[(i + k) % 3].id);
        c.policy = i % 3 == 2 ? engine::CallPolicy::ordered : engine::CallPolicy::balanced;
        site.counters.push_back(c);
    }
    return site;
}

Profile profile(const SiteSpec& spec) {
    Profile p;
    p.patience_mean_s = 90 * 60;
    p.no_show_share = 0.05;
    p.priority_share = 0.02;
    // Open 8:30-17:00 = 8.5 h; hours 11, 12, 13 at 1.6x the mean rate, the rest share what is left.
    const double mean_rate = spec.per_day / 8.5;
    const double off_peak = (spec.per_day - 3 * 1.6 * mean_rate) / 5.5;
    for (const ServiceSpec& s : kServices) {
        ServiceProfile sp;
        sp.id = s.id;
        sp.mean_s = s.mean_min * 60;
        sp.cv = s.cv;
        for (int day = 1; day <= 5; ++day) {
            for (int h = 8; h < 17; ++h) {
                const bool peak = h >= 11 && h < 14;
                sp.per_hour[day][h] = s.share * (peak ? 1.6 * mean_rate : off_peak);
            }
        }
        p.services.push_back(sp);
    }
    for (int i = 0; i < spec.counters; ++i) {
        CounterProfile c;
        c.id = std::to_string(i + 1);
        c.speed = 0.85 + 0.3 * ((i * 7) % 10) / 9.0;   // 0.85 .. 1.15, spread
        c.break_at_min = 11 * 60 + 30 + (i % 5) * 30;  // staggered 11:30 .. 13:30
        c.break_min = 30;
        p.counters.push_back(c);
    }
    return p;
}

struct Errors {
    std::size_t n = 0;
    double mae = 0, rmse = 0, rse = 0, bias = 0, p90 = 0, within5 = 0;
};

// Errors of `estimate` against the actual wait, over the tickets that have both.
Errors errors(const std::vector<const TicketRow*>& rows,
              const std::function<std::optional<double>(const TicketRow&)>& estimate) {
    std::vector<double> e;
    std::vector<double> actual;
    for (const TicketRow* r : rows) {
        const auto est = estimate(*r);
        if (!est || !r->actual_wait_s()) continue;
        e.push_back((*est - *r->actual_wait_s()) / 60);
        actual.push_back(*r->actual_wait_s() / 60);
    }
    Errors out;
    out.n = e.size();
    if (e.empty()) return out;
    double mean_actual = 0;
    for (double a : actual) mean_actual += a;
    mean_actual /= static_cast<double>(actual.size());
    double sq = 0, var = 0;
    std::vector<double> abs;
    for (std::size_t i = 0; i < e.size(); ++i) {
        out.mae += std::abs(e[i]);
        out.bias += e[i];
        sq += e[i] * e[i];
        var += (actual[i] - mean_actual) * (actual[i] - mean_actual);
        out.within5 += std::abs(e[i]) <= 5 ? 1 : 0;
        abs.push_back(std::abs(e[i]));
    }
    const double n = static_cast<double>(e.size());
    out.mae /= n;
    out.bias /= n;
    out.rmse = std::sqrt(sq / n);
    out.rse = var > 0 ? sq / var : 0;
    out.within5 = 100 * out.within5 / n;
    std::sort(abs.begin(), abs.end());
    out.p90 = abs[static_cast<std::size_t>(0.9 * (n - 1))];
    return out;
}

void print_errors(const char* label, const Errors& e) {
    std::printf("| %s | %zu | %.2f | %.2f | %.3f | %+.2f | %.2f | %.1f %% |\n", label, e.n, e.mae,
                e.rmse, e.rse, e.bias, e.p90, e.within5);
}

const std::function<std::optional<double>(const TicketRow&)> kEstimators[] = {
    [](const TicketRow& r) { return r.moving_average_s; },
    [](const TicketRow& r) { return r.people_ahead_s; },
    [](const TicketRow& r) { return r.estimated_wait_s; },
    [](const TicketRow& r) { return r.oracle_s; },
};
const char* kNames[] = {"moving average of last 10", "people ahead x mean / counters", "ours",
                        "oracle (re-simulation)"};

// Days whose mean actual wait is at most 15 min.
std::vector<const TicketRow*> calm_days(const std::vector<const TicketRow*>& rows) {
    std::map<std::string, std::pair<double, int>> by_day;
    for (const TicketRow* r : rows) {
        if (!r->actual_wait_s()) continue;
        by_day[r->day].first += *r->actual_wait_s();
        ++by_day[r->day].second;
    }
    std::vector<const TicketRow*> out;
    for (const TicketRow* r : rows) {
        const auto& d = by_day[r->day];
        if (d.second && d.first / d.second <= 15 * 60) out.push_back(r);
    }
    return out;
}

// Where ours and the oracle differ: mean squared error (min²) of both on the oracle's tickets,
// by local hour of issue and by our estimate.
void print_gap(const std::vector<const TicketRow*>& rows) {
    struct Cell {
        int n = 0;
        double ours = 0, oracle = 0;
    };
    std::map<std::string, Cell> cells;
    for (const TicketRow* r : rows) {
        if (!r->oracle_s || !r->estimated_wait_s || !r->actual_wait_s()) continue;
        const double actual = *r->actual_wait_s() / 60;
        const int hour = static_cast<int>((r->issued_at.time_since_epoch().count() / 3600) % 24);
        const double est = *r->estimated_wait_s / 60;
        const char* band = est < 5 ? "ours < 5 min" : est < 15 ? "ours 5-15 min" : "ours >= 15 min";
        for (const std::string& key :
             {std::string(hour < 10 ? "0" : "") + std::to_string(hour) + " h", std::string(band)}) {
            Cell& c = cells[key];
            ++c.n;
            c.ours += (est - actual) * (est - actual);
            c.oracle += (*r->oracle_s / 60 - actual) * (*r->oracle_s / 60 - actual);
        }
    }
    std::printf(
        "\n| issued at / our estimate | tickets | MSE ours (min²) | MSE oracle (min²) | ours / "
        "oracle |\n"
        "|---|---|---|---|---|\n");
    for (const auto& [key, c] : cells)
        std::printf("| %s | %d | %.1f | %.1f | %.2f |\n", key.c_str(), c.n, c.ours / c.n,
                    c.oracle / c.n, c.oracle > 0 ? c.ours / c.oracle : 0);
}

// The MSE of ours over the oracle's, on the oracle's tickets: by blocks of 20 weekdays (the
// learner's history grows), and a 95 % interval from resampling whole days (a day's errors are
// not independent), since a small site's 20 days hold only some 300 such tickets.
void print_oracle_ratio(const std::vector<const TicketRow*>& rows) {
    struct Day {
        int n = 0;
        double ours = 0, oracle = 0;
    };
    std::map<std::string, Day> days;
    for (const TicketRow* r : rows) {
        if (!r->oracle_s || !r->estimated_wait_s || !r->actual_wait_s()) continue;
        const double actual = *r->actual_wait_s() / 60;
        Day& d = days[r->day];
        ++d.n;
        d.ours += std::pow(*r->estimated_wait_s / 60 - actual, 2);
        d.oracle += std::pow(*r->oracle_s / 60 - actual, 2);
    }
    std::vector<Day> ordered;
    for (const auto& [day, d] : days) ordered.push_back(d);
    if (ordered.empty()) return;
    constexpr std::size_t kBlock = 20;
    std::printf(
        "\n| weekdays | tickets | MSE ours (min²) | MSE oracle (min²) | ours / oracle |\n"
        "|---|---|---|---|---|\n");
    const auto sum = [](const std::vector<Day>& v, std::size_t from, std::size_t to) {
        Day total;
        for (std::size_t i = from; i < to; ++i) {
            total.n += v[i].n;
            total.ours += v[i].ours;
            total.oracle += v[i].oracle;
        }
        return total;
    };
    for (std::size_t from = 0; from < ordered.size(); from += kBlock) {
        const std::size_t to = std::min(ordered.size(), from + kBlock);
        const Day b = sum(ordered, from, to);
        std::printf("| %zu-%zu | %d | %.2f | %.2f | %.3f |\n", from + 1, to, b.n, b.ours / b.n,
                    b.oracle / b.n, b.oracle > 0 ? b.ours / b.oracle : 0);
    }
    const Day all = sum(ordered, 0, ordered.size());
    std::mt19937 rng(2027);
    std::uniform_int_distribution<std::size_t> pick(0, ordered.size() - 1);
    std::vector<double> ratios;
    for (int k = 0; k < 2000; ++k) {
        double ours = 0, oracle = 0;
        for (std::size_t i = 0; i < ordered.size(); ++i) {
            const Day& d = ordered[pick(rng)];
            ours += d.ours;
            oracle += d.oracle;
        }
        if (oracle > 0) ratios.push_back(ours / oracle);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("| all %zu | %d | %.2f | %.2f | **%.3f** (95 %% of day resamplings: %.3f-%.3f) |\n",
                ordered.size(), all.n, all.ours / all.n, all.oracle / all.n,
                all.oracle > 0 ? all.ours / all.oracle : 0,
                ratios[static_cast<std::size_t>(0.025 * static_cast<double>(ratios.size() - 1))],
                ratios[static_cast<std::size_t>(0.975 * static_cast<double>(ratios.size() - 1))]);
}

struct Regulated {
    double within_target = 0;  // % of served tickets called within the 20 min target
    int served = 0;
    int after_closing = 0;  // visitors still at a counter after closing
    int turned_away = 0;    // refused + did not take a ticket + left before the call
    int refused = 0;
};

Regulated regulated(const Result& r) {
    Regulated out;
    int within = 0;
    for (const TicketRow& t : r.tickets) {
        if (t.outcome == Outcome::served && *t.ended_at > t.closing) ++out.after_closing;
        if (t.outcome == Outcome::left) ++out.turned_away;
        if (t.outcome != Outcome::served) continue;
        ++out.served;
        within += *t.actual_wait_s() <= 20 * 60 ? 1 : 0;
    }
    out.refused =
        r.refused.cutoff + r.refused.capacity_full + r.refused.quota + r.refused.service_closed;
    out.turned_away += out.refused + r.refused.balked;
    out.within_target = out.served ? 100.0 * within / out.served : 0;
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU milliseconds taken by the estimates made at each ticket issued: a new ticket's
// (ticket.take) and every waiting ticket's (the board).
struct Cost {
    std::vector<double> new_ticket_ms, board_ms;
};

void print_cost(const char* label, Cost& c) {
    const auto quantile = [](std::vector<double>& v, double q) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    std::printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", label,
                c.new_ticket_ms.size(), quantile(c.new_ticket_ms, 0.5),
                quantile(c.new_ticket_ms, 0.99), quantile(c.new_ticket_ms, 1),
                quantile(c.board_ms, 0.5), quantile(c.board_ms, 0.99), quantile(c.board_ms, 1));
}

// Replays the engine's events into a copy of the engine and, at each ticket issued,
// times the predictor on that state: the configured service times with the profile's CV,
// 5 % no-shows, arrivals at the profile's rate of the hour.
void measure_cost(const SiteSpec& spec, int days) {
    const config::SiteConfig site = site_config(spec);
    const Profile visitors = profile(spec);
    engine::Engine mirror(site.engine_config());
    regulation::ServiceTimes times;
    for (const ServiceSpec& s : kServices) times.by_service[s.id] = {s.mean_min * 60, s.cv};
    regulation::PredictorSettings monte_carlo;
    for (const ServiceSpec& s : kServices) monte_carlo.no_show_share[s.id] = visitors.no_show_share;
    regulation::PredictorSettings expected = monte_carlo;
    expected.runs = 0;
    Cost mc, ev;
    // CPU time of this thread: the figures do not depend on what else the machine runs.
    const auto time_ms = [](const std::function<void()>& f) {
        const auto cpu_ms = [] {
            timespec t{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
        };
        const double start = cpu_ms();
        f();
        return cpu_ms() - start;
    };
    const simulate::EventSink sink = [&](const engine::Event& e, Time at, std::optional<int>) {
        mirror.apply(e);
        const auto* issued = std::get_if<engine::TicketIssued>(&e);
        if (!issued) return;
        const int hour = static_cast<int>((at.time_since_epoch().count() / 3600) % 24);
        for (const ServiceProfile& s : visitors.services) {
            monte_carlo.arrival_rate[s.id] = s.per_hour[1][hour] / 3600;
            expected.arrival_rate[s.id] = s.per_hour[1][hour] / 3600;
        }
        for (auto [settings, cost] : {std::pair{&monte_carlo, &mc}, std::pair{&expected, &ev}}) {
            cost->new_ticket_ms.push_back(time_ms([&] {
                regulation::predict_new_ticket(regulation::snapshot_of(mirror, at), issued->service,
                                               times, *settings);
            }));
            cost->board_ms.push_back(time_ms([&] {
                regulation::predict_waiting(regulation::snapshot_of(mirror, at), times, *settings);
            }));
        }
    };
    Options options;
    options.days = days * 7 / 5;
    options.seed = 2027;
    options.regulation = false;
    options.balking = false;
    run(site, visitors, options, sink);
    std::printf("\n#### Site %s: %d visitors a day, %d counters, %d weekdays\n\n",
                spec.name.c_str(), spec.per_day, spec.counters, days);
    std::printf(
        "| dispatch | estimates | new ticket p50 (ms) | p99 | max | board p50 (ms) | p99 | max "
        "|\n|---|---|---|---|---|---|---|---|\n");
    print_cost("Monte Carlo", mc);
    print_cost("expected values", ev);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    int days = 20;
    int oracle_every = 10;
    int oracle_runs = 200;
    bool year = false;
    bool cost = false;
    std::string only;  // one site by name
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--days") && i + 1 < argc)
            days = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--oracle-every") && i + 1 < argc)
            oracle_every = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--oracle-runs") && i + 1 < argc)
            oracle_runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--year"))
            year = true;
        else if (!std::strcmp(argv[i], "--cost"))
            cost = true;
        else if (!std::strcmp(argv[i], "--site") && i + 1 < argc)
            only = argv[++i];
    }
    const SiteSpec sites[] = {{"small", 150, 5}, {"medium", 600, 17}, {"large", 1500, 41}};

    if (year) {
        const SiteSpec& spec = sites[2];
        for (const int runs : {0, Options{}.estimate_runs}) {
            Options options;
            options.days = 365;
            options.seed = 1;
            options.estimate_runs = runs;
            const auto start = std::chrono::steady_clock::now();
            const Result r = run(site_config(spec), profile(spec), options);
            std::printf(
                "A year (365 days, Mon-Fri open) of the %d-a-day site, estimates %s: "
                "%zu tickets in %.1f s\n",
                spec.per_day, runs ? "Monte Carlo (as the controller)" : "in expected values",
                r.tickets.size(), seconds_since(start));
        }
        return 0;
    }

    if (cost) {
        for (const SiteSpec& spec : sites) {
            if (only.empty() || spec.name == only) measure_cost(spec, days);
        }
        return 0;
    }

    for (const SiteSpec& spec : sites) {
        if (!only.empty() && spec.name != only) continue;
        const config::SiteConfig site = site_config(spec);
        const Profile visitors = profile(spec);
        Options options;
        options.days = days * 7 / 5;  // `days` weekdays
        options.seed = 2027;
        options.regulation = false;
        options.balking = false;
        options.oracle_every = oracle_every;
        options.oracle_runs = oracle_runs;
        const auto start = std::chrono::steady_clock::now();
        const Result r = run(site, visitors, options);
        std::vector<const TicketRow*> all;
        std::vector<const TicketRow*> with_oracle;
        for (const TicketRow& t : r.tickets) {
            all.push_back(&t);
            if (t.oracle_s) with_oracle.push_back(&t);
        }
        double mean_wait = 0;
        int called = 0;
        for (const TicketRow* t : all) {
            if (t->actual_wait_s()) {
                mean_wait += *t->actual_wait_s() / 60;
                ++called;
            }
        }
        std::printf("\n### Site %s: %d visitors a day, %d counters, %d weekdays (%.0f s)\n\n",
                    spec.name.c_str(), spec.per_day, spec.counters, days, seconds_since(start));
        std::printf("%zu tickets, mean actual wait %.1f min.\n\n", all.size(),
                    called ? mean_wait / called : 0);
        std::printf(
            "| estimator | tickets | MAE (min) | RMSE (min) | rel. sq. error | bias (min) | "
            "p90 abs (min) | within ±5 min |\n|---|---|---|---|---|---|---|---|\n");
        for (int k = 0; k < 3; ++k) print_errors(kNames[k], errors(all, kEstimators[k]));
        std::printf("\nOn the tickets re-simulated by the oracle (every %d-th, %d runs each):\n\n",
                    oracle_every, oracle_runs);
        std::printf(
            "| estimator | tickets | MAE (min) | RMSE (min) | rel. sq. error | bias (min) | "
            "p90 abs (min) | within ±5 min |\n|---|---|---|---|---|---|---|---|\n");
        for (int k = 0; k < 4; ++k) print_errors(kNames[k], errors(with_oracle, kEstimators[k]));
        print_gap(with_oracle);
        print_oracle_ratio(with_oracle);
        const std::vector<const TicketRow*> calm = calm_days(all);
        std::printf("\nDays with a mean wait <= 15 min: %zu tickets; within ±5 min: ", calm.size());
        for (int k = 0; k < 3; ++k) {
            std::printf("%s %.1f %%%s", kNames[k], errors(calm, kEstimators[k]).within5,
                        k < 2 ? ", " : ".\n");
        }

        Options on;
        on.days = options.days;
        on.seed = 2027;
        on.balking = true;
        Options off = on;
        off.regulation = false;
        const Regulated a = regulated(run(site, visitors, on));
        const Regulated b = regulated(run(site, visitors, off));
        std::printf(
            "\n| regulation | served | served within 20 min | served after closing | refused "
            "| turned away (refused + did not take + left) |\n|---|---|---|---|---|---|\n");
        std::printf("| on | %d | %.1f %% | %d | %d | %d |\n", a.served, a.within_target,
                    a.after_closing, a.refused, a.turned_away);
        std::printf("| off | %d | %.1f %% | %d | %d | %d |\n", b.served, b.within_target,
                    b.after_closing, b.refused, b.turned_away);
        std::fflush(stdout);
    }
    return 0;
}
