// `guichet plan`: counters to open per service and hour for one weekday of
// next week, from what the log saw on that weekday (Erlang-A staffing).
//
// Contract: observe_weekday() reads the event log (the adapter); the rest is
// pure. Demand for a service and hour = tickets issued in that local hour on
// the chosen weekday, divided by the number of such days in the log (days
// with at least one ticket) and by the part of the hour the service is open. Service time = robust
// fit of the service's call -> finish durations on those days (the configured mean when fewer than
// 10 were seen). Staffing = plan_counters() with the service's target wait.
#pragma once

#include <date/tz.h>

#include <map>
#include <string>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/regulation/staffing.h"
#include "controller/store/event_store.h"

namespace guichet::cli {

struct WeekdayHistory {
    int weekday = 0;                                     // 0 = Sunday
    std::vector<std::string> days;                       // local dates seen (YYYY-MM-DD), in order
    std::map<std::string, std::map<int, int>> arrivals;  // service -> local hour -> tickets
    std::map<std::string, std::vector<double>> durations;  // service -> call -> finish (s)
};

WeekdayHistory observe_weekday(store::EventStore& store, const date::time_zone* zone, int weekday);

struct PlanOptions {
    double share = 0.8;             // of visitors called within the service's target
    double patience_mean_s = 3600;  // visitors who leave; 0 = nobody leaves (Erlang-C)
    int max_counters = 50;
};

struct ServicePlan {
    std::string id;
    std::string label;
    double mean_service_s = 0;
    bool learned = false;  // false: the configured mean (too few calls in the log)
    std::int64_t target_wait_s = 0;
    std::vector<regulation::HourAdvice> hours;  // one per hour of the plan
    std::vector<double> arrivals_per_hour;      // parallel to hours
};

struct Plan {
    int weekday = 0;
    std::vector<std::string> days;
    std::vector<int> hours;  // local hours with arrivals on that weekday, first to last
    std::vector<ServicePlan> services;
    PlanOptions options;
};

Plan make_plan(const config::SiteConfig& site, const date::time_zone* zone,
               const WeekdayHistory& history, const PlanOptions& options);

std::string plan_text(const Plan& plan);  // French table
std::string plan_json(const Plan& plan);

// "tue" / "mardi" -> 2; -1 when not a weekday.
int parse_weekday(const std::string& name);

}  // namespace guichet::cli
