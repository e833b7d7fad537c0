#include "controller/regulation/predictor.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <queue>

namespace guichet::regulation {
namespace {

using std::chrono::seconds;

constexpr std::size_t kNotTracked = static_cast<std::size_t>(-1);

double normal_cdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// One visitor in the virtual queue. Times are seconds after `now`.
struct Item {
    double queued = 0;
    bool priority = false;
    std::size_t result = kNotTracked;  // index of the estimate this call answers
};

// One service's virtual queue: the real waiting tickets, then forecast arrivals.
struct Lane {
    const ServiceNow* service = nullptr;
    std::deque<Item> real;
    double next_arrival = INFINITY;  // of the forecast stream; infinity when none
    double arrival_gap = 0;
    double horizon = 0;  // no forecast arrival after this

    std::optional<Item> head(double t) const {
        if (!real.empty()) return real.front();
        if (next_arrival <= t) return Item{next_arrival, false, kNotTracked};
        return std::nullopt;
    }
    void pop() {
        if (!real.empty()) {
            real.pop_front();
        } else {
            next_arrival += arrival_gap;
            if (next_arrival > horizon) next_arrival = INFINITY;
        }
    }
};

struct Dispatch {
    const QueueSnapshot& queue;
    const ServiceTimes& times;
    const PredictorSettings& settings;
    std::vector<Lane> lanes;
    std::vector<std::optional<double>> call_at;  // per tracked item, seconds after now

    Dispatch(const QueueSnapshot& q, const ServiceTimes& t, const PredictorSettings& s)
        : queue(q), times(t), settings(s) {
        for (const ServiceNow& service : q.services) {
            Lane lane;
            lane.service = &service;
            lane.horizon = static_cast<double>(s.horizon.count());
            auto rate = s.arrival_rate.find(service.id);
            if (rate != s.arrival_rate.end() && rate->second > 0) {
                lane.arrival_gap = 1.0 / rate->second;
                if (lane.arrival_gap <= lane.horizon) lane.next_arrival = lane.arrival_gap;
            }
            lanes.push_back(std::move(lane));
        }
    }

    Lane* lane_of(const std::string& service) {
        for (Lane& lane : lanes) {
            if (lane.service->id == service) return &lane;
        }
        return nullptr;
    }

    // Puts every waiting ticket of the snapshot in its lane, in call order;
    // `tracked` gives each an estimate slot, in snapshot order.
    void load(bool tracked) {
        for (Lane& lane : lanes) {
            for (const WaitingTicket& ticket : lane.service->waiting) {
                Item item{static_cast<double>((ticket.queued_at - queue.now).count()),
                          ticket.priority, kNotTracked};
                if (tracked) {
                    item.result = call_at.size();
                    call_at.emplace_back();
                }
                lane.real.push_back(item);
            }
        }
    }

    // Adds a newcomer behind the tickets of its rank (priority behind priority).
    std::size_t track(Lane& lane, Item item) {
        item.result = call_at.size();
        call_at.emplace_back();
        if (!item.priority) {
            lane.real.push_back(item);
        } else {
            auto it = lane.real.begin();
            while (it != lane.real.end() && it->priority) ++it;
            lane.real.insert(it, item);
        }
        return item.result;
    }

    double cost(const std::string& service, const std::string& counter) const {
        const double mean = times.at(service, counter).mean_s;
        auto share = settings.no_show_share.find(service);
        const double no_show = share == settings.no_show_share.end() ? 0 : share->second;
        return (1 - no_show) * mean + no_show * settings.no_show_delay_s;
    }

    // The lane a counter's policy would call from at virtual time t.
    Lane* choose(const CounterNow& counter, double t) {
        Lane* best = nullptr;
        std::optional<Item> best_head;
        for (const std::string& service : counter.services) {
            Lane* lane = lane_of(service);
            if (!lane) continue;
            std::optional<Item> head = lane->head(t);
            if (!head) continue;
            if (counter.policy == engine::CallPolicy::ordered) return lane;
            const double target = static_cast<double>(lane->service->target_wait.count());
            const double best_target =
                best ? static_cast<double>(best->service->target_wait.count()) : 1;
            if (!best || (head->priority && !best_head->priority) ||
                (head->priority == best_head->priority &&
                 (t - head->queued) * best_target > (t - best_head->queued) * target)) {
                best = lane;
                best_head = head;
            }
        }
        return best;
    }

    bool has_real(const CounterNow& counter) {
        for (const std::string& service : counter.services) {
            Lane* lane = lane_of(service);
            if (lane && !lane->real.empty()) return true;
        }
        return false;
    }

    // When each counter can call next, seconds after now. Visits under way end
    // at random, so the calls of c busy counters are spread out: as for a
    // stationary renewal process, counter i ends visits at rate 1 / mean_i, and
    // the j-th end (in order of expected residual) is expected at j / (sum of
    // rates); for exponential visits that is exact. This is blended with the
    // plain expected residuals with weight min(1, CV) (CV 0: the residuals are certain).
    std::vector<std::pair<double, std::size_t>> first_free() const {
        struct Busy {
            double residual;
            double rate;
            double weight;
            std::size_t slot;
        };
        std::vector<std::pair<double, std::size_t>> slots;
        std::vector<Busy> busy;
        for (std::size_t i = 0; i < queue.counters.size(); ++i) {
            const CounterNow& c = queue.counters[i];
            const bool returns = c.state == engine::CounterState::paused && c.resumes_at;
            if (c.state != engine::CounterState::open && !returns) continue;
            double at = 0;
            if (returns) {
                at = std::max(0.0, static_cast<double>((*c.resumes_at - queue.now).count()));
            }

            if (c.busy_since) {
                const ServiceTimes::Estimate& e = times.at(c.busy_service, c.id);
                const double elapsed = static_cast<double>((queue.now - *c.busy_since).count());
                const double residual = expected_residual_s(e, std::max(0.0, elapsed));
                if (!returns && residual > 0) {
                    busy.push_back({residual, 1 / e.mean_s, std::min(1.0, e.cv), slots.size()});
                }
                at += residual;
            }
            slots.emplace_back(at, i);
        }
        std::sort(busy.begin(), busy.end(),
                  [](const Busy& a, const Busy& b) { return a.residual < b.residual; });
        double rates = 0;
        for (const Busy& b : busy) rates += b.rate;
        for (std::size_t j = 0; j < busy.size(); ++j) {
            const double spread = static_cast<double>(j + 1) / rates;
            double& at = slots[busy[j].slot].first;
            at = busy[j].weight * spread + (1 - busy[j].weight) * busy[j].residual;
        }
        return slots;
    }

    void run() {
        using Slot = std::pair<double, std::size_t>;  // (free at, counter index)
        std::priority_queue<Slot, std::vector<Slot>, std::greater<>> free;
        for (const Slot& slot : first_free()) free.push(slot);
        std::vector<bool> paused(queue.counters.size(), false);  // planned pause taken
        while (!free.empty()) {
            auto [t, i] = free.top();
            free.pop();
            const CounterNow& counter = queue.counters[i];
            if (counter.pause_at && !paused[i] &&
                t >= static_cast<double>((*counter.pause_at - queue.now).count())) {
                paused[i] = true;
                free.emplace(t + static_cast<double>(counter.pause_for.count()), i);
                continue;
            }
            // A counter none of whose services holds a real ticket any more cannot
            // delay one: forecast arrivals alone need not be played out.
            if (!has_real(counter)) continue;
            Lane* lane = choose(counter, t);
            if (!lane) continue;
            const Item item = *lane->head(t);
            lane->pop();
            if (item.result != kNotTracked) call_at[item.result] = t;
            free.emplace(t + cost(lane->service->id, counter.id), i);
        }
    }
};

std::optional<Time> to_time(const QueueSnapshot& queue, const std::optional<double>& offset) {
    if (!offset) return std::nullopt;
    return queue.now + seconds(std::lround(*offset));
}

std::optional<seconds> to_wait(const std::optional<double>& offset) {
    if (!offset) return std::nullopt;
    return seconds(std::lround(*offset));
}

}  // namespace

const ServiceTimes::Estimate& ServiceTimes::at(const std::string& service,
                                               const std::string& counter) const {
    auto exact = by_service_counter.find({service, counter});
    if (exact != by_service_counter.end()) return exact->second;
    auto general = by_service.find(service);
    if (general != by_service.end()) return general->second;
    return fallback;
}

double expected_residual_s(const ServiceTimes::Estimate& estimate, double elapsed_s) {
    const double mean = estimate.mean_s;
    if (elapsed_s <= 0) return mean;
    if (estimate.cv <= 0) return std::max(0.0, mean - elapsed_s);
    const double var_log = std::log1p(estimate.cv * estimate.cv);
    const double sd_log = std::sqrt(var_log);
    const double mu_log = std::log(mean) - var_log / 2;
    const double z = (mu_log - std::log(elapsed_s)) / sd_log;
    const double survive = normal_cdf(z);
    // Far in the tail the ratio below is 0/0; the lognormal's mean residual life
    // there grows like t·σ²/(ln t − μ).
    if (survive < 1e-12) return elapsed_s * var_log / std::max(var_log, -z * sd_log);
    return mean * normal_cdf(z + sd_log) / survive - elapsed_s;
}

std::vector<TicketEstimate> predict_waiting(const QueueSnapshot& queue, const ServiceTimes& times,
                                            const PredictorSettings& settings) {
    Dispatch dispatch(queue, times, settings);
    std::vector<TicketEstimate> out;
    for (const ServiceNow& service : queue.services) {
        for (const WaitingTicket& ticket : service.waiting) {
            out.push_back({ticket.number, ticket.service, std::nullopt, std::nullopt});
        }
    }
    dispatch.load(true);
    dispatch.run();
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].call_at = to_time(queue, dispatch.call_at[i]);
        out[i].wait = to_wait(dispatch.call_at[i]);
    }
    return out;
}

NewTicketEstimate predict_new_ticket(const QueueSnapshot& queue, const std::string& service,
                                     const ServiceTimes& times, const PredictorSettings& settings,
                                     bool priority) {
    NewTicketEstimate out;
    out.service = service;
    Dispatch dispatch(queue, times, settings);
    Lane* lane = dispatch.lane_of(service);
    if (!lane) return out;
    dispatch.load(false);
    for (const Item& item : lane->real) out.ahead += (!priority || item.priority) ? 1 : 0;
    const std::size_t newcomer = dispatch.track(*lane, Item{0, priority, kNotTracked});
    dispatch.run();
    out.call_at = to_time(queue, dispatch.call_at[newcomer]);
    out.wait = to_wait(dispatch.call_at[newcomer]);
    return out;
}

std::optional<Time> next_departure(const QueueSnapshot& queue, const ServiceTimes& times) {
    std::optional<double> soonest;
    for (const CounterNow& c : queue.counters) {
        if (!c.busy_since) continue;
        const double elapsed = static_cast<double>((queue.now - *c.busy_since).count());
        const double left = expected_residual_s(times.at(c.busy_service, c.id), elapsed);
        if (!soonest || left < *soonest) soonest = left;
    }
    return to_time(queue, soonest);
}

void PauseLearner::start_day(Time midnight) {
    midnight_ = midnight;
    paused_today_.clear();
}

void PauseLearner::observe(const QueueSnapshot& queue) {
    for (const CounterNow& c : queue.counters) {
        auto paused = paused_since_.find(c.id);
        if (c.state == engine::CounterState::paused && c.state_since) {
            if (paused == paused_since_.end() && midnight_ && !paused_today_[c.id] &&
                *c.state_since >= *midnight_) {
                first_pause_[c.id].push_back(*c.state_since - *midnight_);
            }
            paused_today_[c.id] = true;
            paused_since_[c.id] = *c.state_since;
        } else if (paused != paused_since_.end()) {
            if (c.state == engine::CounterState::open && c.state_since &&
                *c.state_since > paused->second) {
                pauses_.push_back(*c.state_since - paused->second);
            }
            paused_since_.erase(paused);
        }
    }
}

namespace {
seconds median(std::vector<seconds> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}
}  // namespace

std::chrono::seconds PauseLearner::typical() const {
    return pauses_.size() < 3 ? prior_ : median(pauses_);
}

void PauseLearner::expect_pauses(QueueSnapshot& queue) const {
    constexpr seconds kLateReturn{std::chrono::minutes(5)};
    constexpr seconds kForgetAfter{std::chrono::minutes(30)};
    const seconds usual = typical();
    for (CounterNow& c : queue.counters) {
        if (c.state == engine::CounterState::paused && c.state_since) {
            c.resumes_at = std::max(*c.state_since + usual, queue.now + kLateReturn);
            continue;
        }
        auto history = first_pause_.find(c.id);
        auto today = paused_today_.find(c.id);
        if (c.state != engine::CounterState::open || !midnight_ || history == first_pause_.end() ||
            history->second.size() < 2 || (today != paused_today_.end() && today->second)) {
            continue;
        }
        const Time at = *midnight_ + median(history->second);
        if (queue.now > at + kForgetAfter) continue;
        c.pause_at = at;
        c.pause_for = usual;
    }
}

}  // namespace guichet::regulation
