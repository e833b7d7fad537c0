// The simulator: a site's days in virtual time, through the real queue engine
// and the real regulation, with a synthetic population (profile.h).
//
// Contract: pure and deterministic: the same site, profile, options and seed
// give the same tickets, on any run. No clock, file or thread: the caller
// writes the results (command.h) and may plug a store in through the event
// sink, which receives every engine event with its virtual time, in order.
// Virtual time is the site's local time written as UTC (no clock changes).
// Each visitor's traits (service time, patience, no-show, priority) are drawn
// from the seed, the service and the arrival's rank, so a run with regulation
// on and one with it off see the same arrival streams and the same visitors.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/engine/engine.h"
#include "controller/regulation/predictor.h"
#include "controller/simulate/profile.h"

namespace guichet::simulate {

using engine::Time;

struct Options {
    std::uint64_t seed = 1;
    std::chrono::sys_days first_day{std::chrono::year{2027} / 1 / 4};  // a Monday
    int days = 1;
    // Admission with the site config's rules: closed, cut-off, quota, capacity, return times (a
    // visitor given a return time leaves and is back at that time, not before).
    bool regulation = true;
    bool balking = true;   // visitors may not take a ticket when the printed wait is long
    int oracle_every = 0;  // re-simulate every Nth ticket to get the oracle's estimate (0 = never)
    int oracle_runs = 200;
    // Monte Carlo runs of each printed estimate, as the controller does; 0: one
    // dispatch in expected values, about ten times faster, for long runs (a year)
    // where the estimates only drive admission and balking.
    int estimate_runs = regulation::PredictorSettings{}.runs;
};

enum class Outcome { served, no_show, left, waiting };

struct TicketRow {
    std::string day;  // YYYY-MM-DD
    std::string number;
    std::string service;
    bool priority = false;
    Time issued_at;
    std::optional<double> estimated_wait_s;  // printed: ours
    std::optional<Time> called_at;
    std::optional<Time> ended_at;  // finished, or marked no-show
    Outcome outcome = Outcome::waiting;
    std::optional<Time> return_at;
    Time closing;  // of the service that day
    // The other estimators, for the benchmark (same moment, same state).
    std::optional<double> moving_average_s;  // mean of the service's last 10 waits
    std::optional<double> people_ahead_s;    // ahead × configured mean ÷ open counters
    std::optional<double> oracle_s;          // mean of `oracle_runs` re-simulations

    std::optional<double> actual_wait_s() const;
};

struct Refusals {
    int cutoff = 0;
    int capacity_full = 0;
    int quota = 0;
    int service_closed = 0;
    int balked = 0;  // did not take a ticket after reading the estimate
};

struct Result {
    std::vector<TicketRow> tickets;
    Refusals refused;
};

// Every engine event with its virtual time; for a ticket.issued, also the wait printed on the
// ticket (the store keeps it, as the controller does, for the reports' estimate accuracy).
using EventSink =
    std::function<void(const engine::Event& event, Time at, std::optional<int> printed_wait_s)>;

Result run(const config::SiteConfig& site, const Profile& profile, const Options& options,
           const EventSink& sink = {});

std::string to_string(Outcome outcome);

// tickets.csv:
// day,number,service,priority,issued_at,estimated_wait_s,called_at,actual_wait_s,outcome
std::string tickets_csv(const std::vector<TicketRow>& tickets);

}  // namespace guichet::simulate
