#include "controller/regulation/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace guichet::regulation {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Terms below e^-46 (about 1e-20) of the largest one change nothing in a double sum.
constexpr double kNegligibleLog = 46.0;
constexpr int kMaxQueueTerms = 2'000'000;

bool no_patience(const QueueModel& m) {
    return m.patience_rate <= 0;
}

// Erlang-A stationary law, as the probabilities of 0..n-1 people at counters
// (summed into `below`) and of k = 0, 1, ... people waiting with every counter busy.
struct Stationary {
    double below = 0;
    std::vector<double> queue;  // queue[k]: n busy counters and k people waiting
};

Stationary stationary_with_patience(const QueueModel& m) {
    const int n = m.servers;
    const double log_load = std::log(m.arrival_rate / m.service_rate);
    std::vector<double> logs;
    for (int j = 0; j <= n; ++j) logs.push_back(j * log_load - std::lgamma(j + 1.0));
    double peak = *std::max_element(logs.begin(), logs.end());
    const double log_arrival = std::log(m.arrival_rate);
    for (int k = 1; k < kMaxQueueTerms; ++k) {
        const double log_ratio = log_arrival - std::log(n * m.service_rate + k * m.patience_rate);
        const double next = logs.back() + log_ratio;
        peak = std::max(peak, next);
        if (log_ratio < 0 && next < peak - kNegligibleLog) break;
        logs.push_back(next);
    }
    double total = 0;
    for (double l : logs) total += std::exp(l - peak);
    Stationary s;
    for (int j = 0; j < n; ++j) s.below += std::exp(logs[j] - peak) / total;
    for (std::size_t j = n; j < logs.size(); ++j)
        s.queue.push_back(std::exp(logs[j] - peak) / total);
    return s;
}

struct TaggedOutcome {
    double still_waiting = 0;  // P(neither called nor gone at t | had to wait)
    double called = 0;         // P(called by t | had to wait)
};

// A visitor who finds k people ahead moves up at rate nμ + kθ and leaves at
// rate θ. Uniformization of that finite chain from the arrival's position law
// is exact up to the truncation of the Poisson sum, and stays stable for any t.
TaggedOutcome tagged_visitor(const QueueModel& m, const std::vector<double>& position, double t) {
    const int top = static_cast<int>(position.size()) - 1;
    const double counters = m.servers * m.service_rate;
    const double theta = m.patience_rate;
    const double uniform = counters + (top + 1) * theta;
    const double mean_jumps = uniform * t;
    const int jumps = static_cast<int>(mean_jumps + 10 * std::sqrt(mean_jumps) + 30);

    std::vector<double> v = position;
    std::vector<double> next(v.size());
    double called_so_far = 0;
    TaggedOutcome out;
    for (int j = 0; j <= jumps; ++j) {
        const double weight =
            mean_jumps > 0 ? std::exp(-mean_jumps + j * std::log(mean_jumps) - std::lgamma(j + 1.0))
                           : (j == 0 ? 1.0 : 0.0);
        double waiting = 0;
        for (double p : v) waiting += p;
        out.still_waiting += weight * waiting;
        out.called += weight * called_so_far;
        called_so_far += v[0] * counters / uniform;
        for (int i = 0; i <= top; ++i) {
            const double advance = counters + i * theta;
            next[i] = v[i] * (1 - (advance + theta) / uniform);
            if (i < top) next[i] += v[i + 1] * (counters + (i + 1) * theta) / uniform;
        }
        v.swap(next);
    }
    return out;
}

std::vector<double> arrival_position(const Stationary& s) {
    double waiting = 0;
    for (double p : s.queue) waiting += p;
    std::vector<double> position;
    for (double p : s.queue) position.push_back(waiting > 0 ? p / waiting : 0);
    return position;
}

}  // namespace

double erlang_b(int servers, double load) {
    double b = 1;
    for (int k = 1; k <= servers; ++k) b = load * b / (k + load * b);
    return b;
}

double erlang_c(int servers, double load) {
    if (load >= servers) return 1;
    const double b = erlang_b(servers, load);
    return servers * b / (servers - load * (1 - b));
}

QueueMetrics erlang_a(const QueueModel& m) {
    QueueMetrics q;
    if (m.arrival_rate <= 0) return q;
    if (no_patience(m)) {
        const double load = m.arrival_rate / m.service_rate;
        // A load equal to the capacity (up to rounding) never drains.
        if (load >= m.servers * (1 - 1e-12)) {
            q.stable = false;
            q.p_wait = 1;
            q.mean_wait = q.mean_queue = kInfinity;
            return q;
        }
        q.p_wait = erlang_c(m.servers, load);
        q.mean_wait = q.p_wait / (m.servers * m.service_rate - m.arrival_rate);
        q.mean_queue = q.mean_wait * m.arrival_rate;
        return q;
    }
    const Stationary s = stationary_with_patience(m);
    q.p_wait = 1 - s.below;
    for (std::size_t k = 1; k < s.queue.size(); ++k) q.mean_queue += k * s.queue[k];
    q.mean_wait = q.mean_queue / m.arrival_rate;
    q.abandon_share = m.patience_rate * q.mean_queue / m.arrival_rate;
    return q;
}

double wait_exceeds(const QueueModel& m, double t) {
    if (m.arrival_rate <= 0) return 0;
    if (no_patience(m)) {
        const QueueMetrics q = erlang_a(m);
        if (!q.stable) return 1;
        return q.p_wait * std::exp(-(m.servers * m.service_rate - m.arrival_rate) * t);
    }
    const Stationary s = stationary_with_patience(m);
    return (1 - s.below) * tagged_visitor(m, arrival_position(s), t).still_waiting;
}

double served_within(const QueueModel& m, double t) {
    if (m.arrival_rate <= 0) return 1;
    if (no_patience(m)) return 1 - wait_exceeds(m, t);
    const Stationary s = stationary_with_patience(m);
    return s.below + (1 - s.below) * tagged_visitor(m, arrival_position(s), t).called;
}

std::optional<int> counters_needed(QueueModel model, double target, double share, int max_servers) {
    if (model.arrival_rate <= 0) return 0;
    for (int n = 1; n <= max_servers; ++n) {
        model.servers = n;
        if (served_within(model, target) >= share) return n;
    }
    return std::nullopt;
}

}  // namespace guichet::regulation
