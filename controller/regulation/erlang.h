// Erlang-A (M/M/n+M): Poisson arrivals, n counters with exponential service,
// visitors who leave after an exponential patience. With patience_rate = 0 it
// is Erlang-C (nobody leaves); as patience_rate grows it tends to Erlang-B.
//
// Contract: pure and numerically stable (sums in log space, no factorial
// overflow). All rates share one time unit (per second in Guichet); results
// are in that unit. A model with patience_rate = 0 and arrivals >= capacity
// is `stable == false` and its waits are infinite.
#pragma once

#include <optional>

namespace guichet::regulation {

struct QueueModel {
    double arrival_rate = 0;   // λ: visitors per unit of time
    double service_rate = 0;   // μ: 1 / mean service time, per counter
    double patience_rate = 0;  // θ: 1 / mean patience; 0 = nobody leaves
    int servers = 1;           // n: open counters
};

struct QueueMetrics {
    bool stable = true;
    double p_wait = 0;         // an arriving visitor finds every counter busy
    double mean_wait = 0;      // E[time in queue], all visitors, including those who leave
    double mean_queue = 0;     // E[people waiting]
    double abandon_share = 0;  // share of arrivals who leave before being called
};

QueueMetrics erlang_a(const QueueModel& model);

// P(time in queue > t): still waiting at t (neither called nor gone).
double wait_exceeds(const QueueModel& model, double t);

// Share of arrivals that are called within t (and did not leave before):
// the QualiPARIS "served within target" share.
double served_within(const QueueModel& model, double t);

// Erlang-B blocking and Erlang-C delay probability for an offered load a = λ/μ.
double erlang_b(int servers, double load);
double erlang_c(int servers, double load);  // 1 when load >= servers

// Smallest number of counters (1..max_servers) whose served_within(target)
// reaches `share`; nullopt when even max_servers cannot. `model.servers` is
// ignored. No arrivals -> 0 counters.
std::optional<int> counters_needed(QueueModel model, double target, double share,
                                   int max_servers = 100);

}  // namespace guichet::regulation
