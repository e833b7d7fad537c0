#include "controller/regulation/predictor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>

namespace guichet::regulation {
namespace {

using std::chrono::seconds;

constexpr std::size_t kNotTracked = static_cast<std::size_t>(-1);

double normal_cdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Inverse of normal_cdf (Acklam's rational approximation, relative error < 1.2e-9),
// precise in the lower tail, where the draws of a long visit's rest are taken.
double normal_quantile(double p) {
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                            1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00};
    const auto tail = [&](double q) {
        const double r = std::sqrt(-2 * std::log(q));
        return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
               ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
    };
    constexpr double kLow = 0.02425;
    if (p < kLow) return tail(p);
    if (p > 1 - kLow) return -tail(1 - p);
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// splitmix64: small and fast; the Monte Carlo runs need a few thousand draws.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    double uniform() {  // in (0, 1), never 0 or 1
        state_ += 0x9e3779b97f4a7c15ULL;
        return (static_cast<double>(mix(state_) >> 11) + 0.5) * 0x1.0p-53;
    }
    double exponential(double mean) { return -mean * std::log(uniform()); }

  private:
    std::uint64_t state_;
};

// The rest of a visit under way that has lasted `elapsed` seconds: the lognormal
// of its service conditioned on lasting longer, drawn by inversion in its upper
// tail. Set up once per estimate: the runs only draw.
struct Residual {
    ServiceTimes::Estimate estimate;  // of the whole visit
    double elapsed = 0;
    double mean = 0;
    double mu_log = 0;
    double sd_log = 0;   // 0: the visit lasts exactly the mean
    double survive = 1;  // P(a visit lasts longer than `elapsed`)

    Residual(const ServiceTimes::Estimate& e, double elapsed_s)
        : estimate(e), elapsed(elapsed_s), mean(e.mean_s) {
        if (e.cv <= 0) return;
        const double var_log = std::log1p(e.cv * e.cv);
        sd_log = std::sqrt(var_log);
        mu_log = std::log(e.mean_s) - var_log / 2;
        survive = elapsed_s > 0 ? normal_cdf((mu_log - std::log(elapsed_s)) / sd_log) : 1;
        if (survive < 1e-300) {  // too far in the tail to invert: its expected value
            mean = elapsed_s + expected_residual_s(e, elapsed_s);
            sd_log = 0;
        }
    }
    double draw(Rng& rng) const {
        if (sd_log <= 0) return std::max(0.0, mean - elapsed);
        const double z = -normal_quantile(rng.uniform() * survive);
        return std::max(0.0, std::exp(mu_log + sd_log * z) - elapsed);
    }
};

// The Monte Carlo seed: a function of the state, so an estimate can be reproduced.
std::uint64_t seed_of(const QueueSnapshot& queue) {
    std::uint64_t h = mix(static_cast<std::uint64_t>(queue.now.time_since_epoch().count()));
    for (const ServiceNow& service : queue.services) h = mix(h ^ service.waiting.size());
    for (const CounterNow& c : queue.counters) {
        const auto since = c.busy_since ? c.busy_since->time_since_epoch().count() : -1;
        h = mix(h ^ static_cast<std::uint64_t>(since) ^ static_cast<std::uint64_t>(c.state));
    }
    return h;
}

// One visitor in the virtual queue. Times are seconds after `now`.
struct Item {
    double queued = 0;
    bool priority = false;
    std::size_t result = kNotTracked;  // index of the estimate this call answers
    double ready = -INFINITY;          // a ticket given a return time is not called before
};

// One service's virtual queue: the real waiting tickets, then forecast arrivals.
struct Lane {
    const ServiceNow* service = nullptr;
    std::deque<Item> real;
    double next_arrival = INFINITY;  // of the forecast stream; infinity when none
    double arrival_gap = 0;
    double horizon = 0;  // no forecast arrival after this
    Rng* rng = nullptr;  // Monte Carlo: Poisson arrivals; else one every arrival_gap

    double gap() const { return rng ? rng->exponential(arrival_gap) : arrival_gap; }

    // The first real ticket that may be called at t (one not back yet keeps its place).
    std::deque<Item>::const_iterator first_ready(double t) const {
        return std::find_if(real.begin(), real.end(), [t](const Item& i) { return i.ready <= t; });
    }
    std::optional<Item> head(double t) const {
        if (auto ready = first_ready(t); ready != real.end()) return *ready;
        if (next_arrival <= t) return Item{next_arrival, false, kNotTracked};
        return std::nullopt;
    }
    void pop(double t) {
        if (auto ready = first_ready(t); ready != real.end()) {
            real.erase(ready);
        } else {
            next_arrival += gap();
            if (next_arrival > horizon) next_arrival = INFINITY;
        }
    }
};

// The lanes each counter serves and what a call costs it, per lane: looked up
// once per estimate rather than at each call of each run.
struct Plan {
    struct Call {
        double no_show = 0;  // p, before the visitors who leave for having waited
        double mean = 0;     // of a visit
        double mu_log = 0;   // of the visit's lognormal
        double sd_log = 0;   // 0: every visit lasts the mean
    };
    std::vector<std::vector<std::size_t>> lanes;     // per counter: its services' lanes, in order
    std::vector<std::vector<Call>> calls;            // per counter, per lane
    std::vector<std::optional<Residual>> under_way;  // per counter: the visit it is serving

    Plan(const QueueSnapshot& queue, const ServiceTimes& times, const PredictorSettings& settings) {
        for (const CounterNow& counter : queue.counters) {
            std::optional<Residual>& visit = under_way.emplace_back();
            if (counter.busy_since) {
                const double elapsed =
                    std::max(0.0, static_cast<double>((queue.now - *counter.busy_since).count()));
                // Called and not started where agents press "start": the visitor has
                // not come, and the counter gives up after the no-show delay.
                const bool absent = settings.starts_pressed && !counter.started_at;
                visit.emplace(absent ? ServiceTimes::Estimate{settings.no_show_delay_s, 0}
                                     : times.at(counter.busy_service, counter.id),
                              elapsed);
            }
            std::vector<std::size_t>& served = lanes.emplace_back();
            std::vector<Call>& cost = calls.emplace_back(queue.services.size());
            for (const std::string& id : counter.services) {
                auto service = std::find_if(queue.services.begin(), queue.services.end(),
                                            [&](const ServiceNow& s) { return s.id == id; });
                if (service == queue.services.end()) continue;
                const std::size_t lane = static_cast<std::size_t>(service - queue.services.begin());
                served.push_back(lane);
                const ServiceTimes::Estimate& e = times.at(id, counter.id);
                auto share = settings.no_show_share.find(id);
                Call& call = cost[lane];
                call.no_show = share == settings.no_show_share.end() ? 0 : share->second;
                call.mean = e.mean_s;
                if (e.cv > 0) {
                    const double var_log = std::log1p(e.cv * e.cv);
                    call.sd_log = std::sqrt(var_log);
                    call.mu_log = std::log(e.mean_s) - var_log / 2;
                }
            }
        }
    }
};

struct Dispatch {
    const QueueSnapshot& queue;
    const ServiceTimes& times;
    const PredictorSettings& settings;
    const Plan& plan;
    Rng* rng;  // Monte Carlo draws; nullptr: expected values
    std::vector<Lane> lanes;
    std::vector<std::optional<double>> call_at;  // per tracked item, seconds after now
    long calls = 0;                              // dispatched, real or forecast
    std::size_t pending = 0;                     // tracked items not called yet

    Dispatch(const QueueSnapshot& q, const ServiceTimes& t, const PredictorSettings& s,
             const Plan& p, Rng* r)
        : queue(q), times(t), settings(s), plan(p), rng(r) {
        for (const ServiceNow& service : q.services) {
            Lane lane;
            lane.service = &service;
            lane.horizon = static_cast<double>(s.horizon.count());
            lane.rng = r;
            auto rate = s.arrival_rate.find(service.id);
            if (rate != s.arrival_rate.end() && rate->second > 0) {
                lane.arrival_gap = 1.0 / rate->second;
                const double first = lane.gap();
                if (first <= lane.horizon) lane.next_arrival = first;
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
                if (ticket.not_before)
                    item.ready = static_cast<double>((*ticket.not_before - queue.now).count());
                if (tracked) {
                    item.result = call_at.size();
                    call_at.emplace_back();
                    ++pending;
                }
                lane.real.push_back(item);
            }
        }
    }

    // Adds a newcomer behind the tickets of its rank (priority behind priority).
    std::size_t track(Lane& lane, Item item) {
        item.result = call_at.size();
        call_at.emplace_back();
        ++pending;
        if (!item.priority) {
            lane.real.push_back(item);
        } else {
            auto it = lane.real.begin();
            while (it != lane.real.end() && it->priority) ++it;
            lane.real.insert(it, item);
        }
        return item.result;
    }

    // What a call from `lane` of a visitor who waited `waited` s costs counter i: drawn
    // (not there, or a lognormal visit), or expected: (1 − p) × mean + p × no-show delay.
    double cost(std::size_t i, std::size_t lane, double waited) const {
        const Plan::Call& call = plan.calls[i][lane];
        double absent = call.no_show;
        if (settings.mean_patience_s)
            absent =
                1 - (1 - absent) * std::exp(-std::max(0.0, waited) / *settings.mean_patience_s);
        if (!rng) return (1 - absent) * call.mean + absent * settings.no_show_delay_s;
        if (rng->uniform() < absent) return settings.no_show_delay_s;
        if (call.sd_log <= 0) return call.mean;
        return std::exp(call.mu_log + call.sd_log * normal_quantile(rng->uniform()));
    }

    // The lane counter i's policy would call from at virtual time t.
    Lane* choose(std::size_t i, double t) {
        const CounterNow& counter = queue.counters[i];
        Lane* best = nullptr;
        std::optional<Item> best_head;
        for (std::size_t index : plan.lanes[i]) {
            Lane* lane = &lanes[index];
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

    // When counter i next has someone to call after t, when all it could call at t is a ticket
    // whose visitor is not back yet.
    double next_ready(std::size_t i, double t) const {
        double at = INFINITY;
        for (std::size_t index : plan.lanes[i]) {
            const Lane& lane = lanes[index];
            at = std::min(at, lane.next_arrival);
            for (const Item& item : lane.real)
                if (item.ready > t) at = std::min(at, item.ready);
        }
        return at;
    }

    bool has_real(std::size_t i) const {
        for (std::size_t index : plan.lanes[i]) {
            if (!lanes[index].real.empty()) return true;
        }
        return false;
    }

    // When each counter can call next, seconds after now. Monte Carlo: the rest
    // of each visit under way is drawn. In expected values: visits under way end
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

            if (const std::optional<Residual>& visit = plan.under_way[i]) {
                if (rng) {
                    slots.emplace_back(at + visit->draw(*rng), i);
                    continue;
                }
                const ServiceTimes::Estimate& e = visit->estimate;
                const double residual = expected_residual_s(e, visit->elapsed);
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
        // Once every tracked item is called, the rest of the queue changes nothing.
        while (!free.empty() && pending > 0) {
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
            if (!has_real(i)) continue;
            Lane* lane = choose(i, t);
            if (!lane) {
                free.emplace(next_ready(i, t), i);
                continue;
            }
            const Item item = *lane->head(t);
            lane->pop(t);
            if (item.result != kNotTracked) {
                call_at[item.result] = t;
                --pending;
            }
            ++calls;
            // Patience runs in the room: from the return time for a visitor given one.
            const double waited = t - std::max(item.queued, item.ready);
            free.emplace(t + cost(i, static_cast<std::size_t>(lane - lanes.data()), waited), i);
        }
    }
};

// Call time of each item `setup` tracks, seconds after now: the mean over the
// Monte Carlo runs that call it (as many runs as needed for `precision`, at
// most `runs`), or from the dispatch in expected values when
// Monte Carlo is off, the queue too long for `min_runs` runs within the budget,
// or every item is called at once by an idle counter (then no draw matters).
std::vector<std::optional<double>> call_times(const QueueSnapshot& queue, const ServiceTimes& times,
                                              const PredictorSettings& settings,
                                              const std::function<void(Dispatch&)>& setup) {
    const Plan plan(queue, times, settings);
    Dispatch expected(queue, times, settings, plan, nullptr);
    setup(expected);
    expected.run();
    const long runs =
        std::min<long>(settings.runs, settings.calls_budget / std::max(1L, expected.calls));
    const bool at_once = std::all_of(expected.call_at.begin(), expected.call_at.end(),
                                     [](const std::optional<double>& t) { return t == 0.0; });
    if (settings.runs <= 0 || runs < settings.min_runs || at_once) return expected.call_at;
    Rng rng(seed_of(queue));
    const std::size_t n = expected.call_at.size();
    std::vector<double> sum(n, 0), sum_sq(n, 0);
    std::vector<int> called(n, 0);
    // Precise enough: every estimate's standard error (over the runs so far) within
    // `precision`. Checked every min_runs runs, from 2 × min_runs on.
    const auto precise = [&](long done) {
        if (done < 2L * settings.min_runs || done % settings.min_runs != 0) return false;
        const double limit = static_cast<double>(settings.precision.count());
        for (std::size_t i = 0; i < n; ++i) {
            if (called[i] < 2) continue;
            const double k = called[i];
            const double variance = std::max(0.0, (sum_sq[i] - sum[i] * sum[i] / k) / (k - 1));
            if (variance > limit * limit * k) return false;
        }
        return true;
    };
    for (long r = 0; r < runs && !precise(r); ++r) {
        Dispatch dispatch(queue, times, settings, plan, &rng);
        setup(dispatch);
        dispatch.run();
        for (std::size_t i = 0; i < n; ++i) {
            if (!dispatch.call_at[i]) continue;
            sum[i] += *dispatch.call_at[i];
            sum_sq[i] += *dispatch.call_at[i] * *dispatch.call_at[i];
            ++called[i];
        }
    }
    std::vector<std::optional<double>> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (called[i]) out[i] = sum[i] / called[i];
    }
    return out;
}

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
    std::vector<TicketEstimate> out;
    for (const ServiceNow& service : queue.services) {
        for (const WaitingTicket& ticket : service.waiting) {
            out.push_back({ticket.number, ticket.service, std::nullopt, std::nullopt});
        }
    }
    const auto call_at =
        call_times(queue, times, settings, [](Dispatch& dispatch) { dispatch.load(true); });
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].call_at = to_time(queue, call_at[i]);
        out[i].wait = to_wait(call_at[i]);
    }
    return out;
}

NewTicketEstimate predict_new_ticket(const QueueSnapshot& queue, const std::string& service,
                                     const ServiceTimes& times, const PredictorSettings& settings,
                                     bool priority) {
    NewTicketEstimate out;
    out.service = service;
    auto own = std::find_if(queue.services.begin(), queue.services.end(),
                            [&](const ServiceNow& s) { return s.id == service; });
    if (own == queue.services.end()) return out;
    for (const WaitingTicket& ticket : own->waiting) out.ahead += (!priority || ticket.priority);
    const auto call_at = call_times(queue, times, settings, [&](Dispatch& dispatch) {
        dispatch.load(false);
        dispatch.track(*dispatch.lane_of(service), Item{0, priority, kNotTracked});
    });
    out.call_at = to_time(queue, call_at[0]);
    out.wait = to_wait(call_at[0]);
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
    last_call_.clear();
}

void PauseLearner::observe(const QueueSnapshot& queue) {
    // An agent due for a pause takes it when the visit under way ends: the pause was due
    // after the last call and by the time it began. The middle of that (at most
    // kLongestVisit) is kept: the time it began runs late by the rest of a visit, and the
    // dispatch adds that rest again.
    constexpr seconds kLongestVisit{std::chrono::minutes(30)};
    for (const CounterNow& c : queue.counters) {
        if (c.busy_since) {
            Time& last = last_call_[c.id];
            last = std::max(last, *c.busy_since);
        }
        auto paused = paused_since_.find(c.id);
        if (c.state == engine::CounterState::paused && c.state_since) {
            if (paused == paused_since_.end() && midnight_ && !paused_today_[c.id] &&
                *c.state_since >= *midnight_) {
                const Time began = *c.state_since;
                auto call = last_call_.find(c.id);
                const Time due_after = call == last_call_.end() || call->second > began
                                           ? began
                                           : std::max(call->second, began - kLongestVisit);
                first_pause_[c.id].push_back(due_after + (began - due_after) / 2 - *midnight_);
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
