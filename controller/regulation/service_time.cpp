#include "controller/regulation/service_time.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

namespace guichet::regulation {
namespace {

constexpr std::size_t kMinToday = 3;
constexpr std::size_t kMinHistory = 10;
constexpr std::size_t kMinSpread = 10;  // calls needed before trusting a CV
constexpr double kMadToSigma = 1.4826;  // MAD of a normal law -> its standard deviation

double median(std::vector<double> v) {
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2) return upper;
    return (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)) + upper) / 2;
}

void keep(std::deque<double>& d, double value, std::size_t limit) {
    d.push_back(value);
    while (d.size() > limit) d.pop_front();
}

double blend(double prior, double prior_weight, double value, double weight) {
    return (prior * prior_weight + value * weight) / (prior_weight + weight);
}

}  // namespace

Fit robust_fit(const std::deque<double>& durations) {
    Fit fit;
    fit.n = durations.size();
    if (durations.empty()) return fit;
    std::vector<double> logs;
    for (double d : durations) logs.push_back(std::log(std::max(d, 1.0)));
    const double centre = median(logs);
    std::vector<double> deviations;
    for (double l : logs) deviations.push_back(std::abs(l - centre));
    const double sigma = kMadToSigma * median(deviations);
    fit.cv = std::sqrt(std::expm1(sigma * sigma));
    // The mean of the durations within 4 sigma of the centre: nearer the truth
    // than exp(centre + sigma^2 / 2), whose sigma from the MAD is noisy, and
    // still blind to a forgotten finish.
    double sum = 0;
    int kept = 0;
    for (std::size_t i = 0; i < logs.size(); ++i) {
        if (std::abs(logs[i] - centre) > 4 * sigma) continue;
        sum += std::max(durations[i], 1.0);
        ++kept;
    }
    fit.mean_s = kept > 0 && sigma > 0 ? sum / kept : std::exp(centre + sigma * sigma / 2);
    return fit;
}

ServiceTimeLearner::ServiceTimeLearner(std::map<std::string, double> configured_mean_s,
                                       LearningSettings settings)
    : settings_(settings), configured_(std::move(configured_mean_s)) {}

void ServiceTimeLearner::record(const FinishedCall& call) {
    Today& today = today_[call.service];
    ++today.calls;
    if (call.no_show) {
        ++today.no_shows;
        keep(no_show_delays_, call.duration_s, settings_.recent);
        return;
    }
    ++visits_;
    started_ += call.started;
    keep(today.durations, call.duration_s, settings_.recent);
    counter_today_[call.counter].emplace_back(call.service, call.duration_s);
    while (counter_today_[call.counter].size() > settings_.recent / 2)
        counter_today_[call.counter].pop_front();
    today_calls_[call.service].push_back(call);
}

void ServiceTimeLearner::start_day() {
    std::set<std::tuple<std::string, int, int>> cells;
    for (auto& [service, calls] : today_calls_) {
        for (const FinishedCall& call : calls) {
            keep(history_[{service, call.weekday, call.hour}], call.duration_s, settings_.history);
            keep(pooled_[service], call.duration_s, settings_.pooled);
            cells.insert({service, call.weekday, call.hour});
        }
        pooled_fit_[service] = robust_fit(pooled_[service]);
    }
    for (const auto& cell : cells) history_fit_[cell] = robust_fit(history_[cell]);
    for (const auto& [service, today] : today_) {
        no_show_history_[service].first += today.calls;
        no_show_history_[service].second += today.no_shows;
    }
    today_calls_.clear();
    today_.clear();
    counter_today_.clear();
}

ServiceTimes ServiceTimeLearner::service_times(int weekday, int hour) const {
    ServiceTimes out;
    out.fallback.cv = settings_.default_cv;
    std::map<std::string, double> today_mean;  // service -> its fit of the day
    for (const auto& [service, configured] : configured_) {
        ServiceTimes::Estimate estimate{configured, settings_.default_cv};
        double today_weight = settings_.prior_weight;
        auto pooled = pooled_fit_.find(service);
        if (pooled != pooled_fit_.end() && pooled->second.n >= kMinHistory) {
            estimate.mean_s = blend(configured, settings_.prior_weight, pooled->second.mean_s,
                                    static_cast<double>(pooled->second.n));
            estimate.cv = pooled->second.cv;
            today_weight = settings_.today_weight;
        }
        auto past = history_fit_.find({service, weekday, hour});
        if (past != history_fit_.end() && past->second.n >= kMinHistory) {
            estimate.mean_s = blend(estimate.mean_s, settings_.cell_weight, past->second.mean_s,
                                    static_cast<double>(past->second.n));
        }
        auto today = today_.find(service);
        Fit now;
        if (today != today_.end() && today->second.durations.size() >= kMinToday) {
            now = robust_fit(today->second.durations);
            estimate.mean_s =
                blend(estimate.mean_s, today_weight, now.mean_s, static_cast<double>(now.n));
            if (now.n >= kMinSpread) estimate.cv = now.cv;
        }
        out.by_service[service] = estimate;
        if (now.n > 0) today_mean[service] = now.mean_s;
    }
    // A counter's speed is its agent's, whatever the service: each of its calls is rescaled to
    // a service of kScale seconds (its duration over the service's fit of the day), and the
    // robust mean of those, over kScale, is its ratio, shrunk towards 1.
    constexpr double kScale = 1000;
    for (const auto& [counter, calls] : counter_today_) {
        std::deque<double> rescaled;
        for (const auto& [service, duration] : calls) {
            auto mean = today_mean.find(service);
            if (mean != today_mean.end()) rescaled.push_back(duration / mean->second * kScale);
        }
        if (rescaled.size() < kMinToday) continue;
        const double shrunk =
            blend(1.0, settings_.counter_weight, robust_fit(rescaled).mean_s / kScale,
                  static_cast<double>(rescaled.size()));
        for (const auto& [service, estimate] : out.by_service)
            out.by_service_counter[{service, counter}] = {estimate.mean_s * shrunk, estimate.cv};
    }
    return out;
}

void ServiceTimeLearner::fill(PredictorSettings& settings) const {
    for (const auto& [service, configured] : configured_) {
        double calls = 0;
        double no_shows = 0;
        if (auto past = no_show_history_.find(service); past != no_show_history_.end()) {
            calls += past->second.first;
            no_shows += past->second.second;
        }
        if (auto today = today_.find(service); today != today_.end()) {
            calls += today->second.calls;
            no_shows += today->second.no_shows;
        }
        settings.no_show_share[service] =
            (settings_.no_show_prior * settings_.no_show_prior_weight + no_shows) /
            (settings_.no_show_prior_weight + calls);
    }
    settings.no_show_delay_s = no_show_delays_.size() >= 5
                                   ? median({no_show_delays_.begin(), no_show_delays_.end()})
                                   : settings_.no_show_delay_s;
    settings.starts_pressed =
        visits_ >= settings_.starts_min_visits &&
        static_cast<double>(started_) >= settings_.starts_min_share * static_cast<double>(visits_);
}

}  // namespace guichet::regulation
