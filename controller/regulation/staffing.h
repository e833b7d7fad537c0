// Staffing advice: how many counters each service needs, hour by hour, to keep
// the target share of visitors called within the target wait (Erlang-A).
//
// Contract: pure. The caller gives the demand it observed (arrivals per hour
// for a weekday and hour, averaged over past weeks, and the learned mean
// service time); `guichet plan` prints the result, the alerts use one hour of it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace guichet::regulation {

struct HourDemand {
    std::string service;
    int hour = 0;  // local hour
    double arrivals_per_hour = 0;
    double mean_service_s = 480;
};

struct StaffingRules {
    std::chrono::seconds target_wait{std::chrono::minutes(20)};
    double share = 0.8;             // of visitors called within the target
    double patience_mean_s = 3600;  // visitors who leave (0 = nobody leaves)
    int max_counters = 50;
};

struct HourAdvice {
    std::string service;
    int hour = 0;
    std::optional<int> counters;  // nullopt: even max_counters cannot meet the share
    double served_within = 1;     // share called within the target with that many counters
    double mean_wait_s = 0;
};

std::vector<HourAdvice> plan_counters(const std::vector<HourDemand>& demand,
                                      const StaffingRules& rules);

// What one service has seen lately: the tickets issued over the last `window`.
struct RecentDemand {
    int arrivals = 0;
    std::chrono::seconds window{std::chrono::minutes(30)};
    double mean_service_s = 480;
};

// Counters needed now if visitors keep coming at the rate seen over the window (Erlang-A with
// `rules`, as for the plan); rules.max_counters when even that many cannot meet the share (the
// caller passes how many counters exist), 0 without arrivals.
int counters_needed_now(const RecentDemand& demand, const StaffingRules& rules);

}  // namespace guichet::regulation
