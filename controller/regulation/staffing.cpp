#include "controller/regulation/staffing.h"

#include "controller/regulation/erlang.h"

namespace guichet::regulation {

namespace {

QueueModel model_of(double arrivals_per_s, double mean_service_s, const StaffingRules& rules) {
    return {.arrival_rate = arrivals_per_s,
            .service_rate = 1 / mean_service_s,
            .patience_rate = rules.patience_mean_s > 0 ? 1 / rules.patience_mean_s : 0,
            .servers = 1};
}

}  // namespace

std::vector<HourAdvice> plan_counters(const std::vector<HourDemand>& demand,
                                      const StaffingRules& rules) {
    std::vector<HourAdvice> out;
    const double target = static_cast<double>(rules.target_wait.count());
    for (const HourDemand& d : demand) {
        QueueModel model = model_of(d.arrivals_per_hour / 3600, d.mean_service_s, rules);
        HourAdvice advice{d.service, d.hour, std::nullopt, 1, 0};
        advice.counters = counters_needed(model, target, rules.share, rules.max_counters);
        if (advice.counters && *advice.counters > 0) {
            model.servers = *advice.counters;
            advice.served_within = served_within(model, target);
            advice.mean_wait_s = erlang_a(model).mean_wait;
        }
        out.push_back(advice);
    }
    return out;
}

int counters_needed_now(const RecentDemand& demand, const StaffingRules& rules) {
    const QueueModel model =
        model_of(static_cast<double>(demand.arrivals) / static_cast<double>(demand.window.count()),
                 demand.mean_service_s, rules);
    return counters_needed(model, static_cast<double>(rules.target_wait.count()), rules.share,
                           rules.max_counters)
        .value_or(rules.max_counters);
}

}  // namespace guichet::regulation
