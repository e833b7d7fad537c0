// Wait predictor: when will each waiting ticket be called?
//
// Contract: pure. The queue as it stands at `now` (a QueueSnapshot, built from
// the engine by snapshot_of() in engine_view.h, or by hand in tests) is
// dispatched virtually. By default the dispatch is Monte Carlo: several runs,
// each drawing the rest of the visits under way, the visit durations
// (lognormal of the estimated mean and CV), the no-shows and the forecast
// arrivals (Poisson), and the estimate is the mean call time over the runs.
// The draws are seeded from the snapshot, so the same state gives the same
// estimate. With PredictorSettings::runs = 0 one run is played in expected
// values instead: each open counter becomes free
// after the expected residual time of the visitor it is serving, then calls
// what its policy would call (ordered: first of its services with someone
// waiting; balanced: priority first, then the longest wait relative to the
// service's target), and stays busy for the expected time a call costs at
// that counter. A call costs the mean service time for visitors who come and
// the no-show delay for those who do not (visitors who left the room show up
// in the log as no-shows, so one share covers both); where agents press "start",
// a visitor called and not started is taken as not coming. Future arrivals, at the
// forecast rate, are dispatched too: with ordered counters a later visitor of a
// preferred service is called before an earlier one. Closed counters call
// nobody; a paused counter calls again from its expected return (resumes_at),
// or never when none is given; an open counter expected to pause (pause_at)
// does so when it frees up after that time. A ticket that no counter serves
// has no estimate.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/engine/engine.h"

namespace guichet::regulation {

using engine::Time;

struct WaitingTicket {
    std::string number;
    std::string service;
    bool priority = false;
    Time queued_at;
    std::optional<Time> not_before = std::nullopt;  // return time: not called before it
};

struct CounterNow {
    std::string id;
    engine::CounterState state = engine::CounterState::closed;
    engine::CallPolicy policy = engine::CallPolicy::balanced;
    std::vector<std::string> services;  // served now, in order of preference
    std::optional<Time> busy_since;     // the current visitor was called at this time
    std::optional<Time> started_at;     // ... and sat down at this time (ticket.start)
    std::string busy_service;           // service of the current visitor
    std::optional<Time> state_since;    // opened / paused at
    std::optional<Time> resumes_at;     // paused: when it is expected back (PauseLearner)
    std::optional<Time> pause_at;       // open: expected to pause after the visit under at
    std::chrono::seconds pause_for{0};  // for that long
};

struct ServiceNow {
    std::string id;
    std::chrono::seconds target_wait{std::chrono::minutes(20)};
    std::vector<WaitingTicket> waiting;  // in call order: priority first, then queue order
};

struct QueueSnapshot {
    Time now;
    std::vector<ServiceNow> services;
    std::vector<CounterNow> counters;  // in configuration order (ties go to the first)
};

// What one call costs, learned from the log (see service_time.h) or configured.
struct ServiceTimes {
    struct Estimate {
        double mean_s = 480;  // mean service time of a visitor who comes
        double cv = 0.9;      // coefficient of variation (for the residual of a visit under way)
    };
    std::map<std::string, Estimate> by_service;
    std::map<std::pair<std::string, std::string>, Estimate>
        by_service_counter;  // (service, counter)
    Estimate fallback;

    const Estimate& at(const std::string& service, const std::string& counter) const;
};

struct PredictorSettings {
    std::map<std::string, double> no_show_share;  // per service, 0..1
    double no_show_delay_s = 90;  // time a counter loses on a visitor who does not come
    // Visitors who leave the room for having waited (learned, patience.h): a visitor
    // called after waiting w is not there with probability
    // 1 - (1 - no_show_share) exp(-w / mean_patience_s). Unset: the share alone.
    std::optional<double> mean_patience_s;
    // The site's agents press "start" when the visitor sits down (learned from the
    // log): a visitor called and not started has not come, and the counter is
    // expected to free up `no_show_delay_s` after the call. Off: every visit under
    // way is a visit of the service's length, as where "start" is never pressed.
    bool starts_pressed = false;
    std::map<std::string, double> arrival_rate;  // per service, visitors per second (forecast)
    std::chrono::seconds horizon{std::chrono::hours(12)};  // future arrivals considered
    // Monte Carlo runs (0: one run in expected values). A long queue gets fewer
    // runs, so that runs × calls dispatched per run stays within `calls_budget`;
    // when that leaves fewer than `min_runs` runs, the dispatch in expected values
    // is used (with many calls ahead its spread matters less): the cost of an
    // estimate stays bounded.
    // The runs stop early once the standard error of every estimate is within
    // `precision` (its square adds to the squared error of the estimate: 10 s
    // adds 0.03 min², a few per cent of the error at a busy hour).
    int runs = 256;
    int min_runs = 8;
    long calls_budget = 5000;
    std::chrono::seconds precision{10};
};

struct TicketEstimate {
    std::string number;
    std::string service;
    std::optional<Time> call_at;               // nullopt: no open counter serves the service
    std::optional<std::chrono::seconds> wait;  // from `now` to the call
};

struct NewTicketEstimate {
    std::string service;
    int ahead = 0;  // tickets of the service already waiting
    std::optional<Time> call_at;
    std::optional<std::chrono::seconds> wait;  // from now
};

// Every waiting ticket, in snapshot order.
std::vector<TicketEstimate> predict_waiting(const QueueSnapshot& queue, const ServiceTimes& times,
                                            const PredictorSettings& settings);

// A ticket taken now for `service` (not priority unless asked).
NewTicketEstimate predict_new_ticket(const QueueSnapshot& queue, const std::string& service,
                                     const ServiceTimes& times, const PredictorSettings& settings,
                                     bool priority = false);

// The earliest time a visitor now at a counter is expected to be done (a place
// frees up in the room); nullopt when nobody is being served.
std::optional<Time> next_departure(const QueueSnapshot& queue, const ServiceTimes& times);

// Learns the counters' pauses and tells the predictor about them: a paused
// counter is expected back after the typical pause (median of the pauses seen,
// with a prior), or within 5 min if it has already lasted longer; an open
// counter that has not paused yet today is expected to pause at its usual time
// (median of its first pause of past days; forgotten 30 min after that time).
class PauseLearner {
  public:
    explicit PauseLearner(std::chrono::seconds prior = std::chrono::minutes(30)) : prior_(prior) {}
    // A new local day starts at `midnight` (local midnight, as a Time).
    void start_day(Time midnight);
    void observe(const QueueSnapshot& queue);  // call with each snapshot, in time order
    std::chrono::seconds typical() const;
    // Sets resumes_at of paused counters and pause_at / pause_for of open ones.
    void expect_pauses(QueueSnapshot& queue) const;

  private:
    std::chrono::seconds prior_;
    std::optional<Time> midnight_;
    std::map<std::string, Time> paused_since_;
    std::vector<std::chrono::seconds> pauses_;
    std::map<std::string, std::vector<std::chrono::seconds>> first_pause_;  // after midnight
    std::map<std::string, bool> paused_today_;
    std::map<std::string, Time> last_call_;  // today's latest call seen, per counter
};

// Expected remaining time of a visit that has lasted `elapsed_s`, for a
// lognormal service time with this mean and CV.
double expected_residual_s(const ServiceTimes::Estimate& estimate, double elapsed_s);

}  // namespace guichet::regulation
