#include "controller/regulation/staffing.h"

#include "controller/regulation/erlang.h"

namespace guichet::regulation {

std::vector<HourAdvice> plan_counters(const std::vector<HourDemand>& demand,
                                      const StaffingRules& rules) {
    std::vector<HourAdvice> out;
    const double target = static_cast<double>(rules.target_wait.count());
    for (const HourDemand& d : demand) {
        QueueModel model{.arrival_rate = d.arrivals_per_hour / 3600,
                         .service_rate = 1 / d.mean_service_s,
                         .patience_rate = rules.patience_mean_s > 0 ? 1 / rules.patience_mean_s : 0,
                         .servers = 1};
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

}  // namespace guichet::regulation
