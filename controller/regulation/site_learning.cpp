#include "controller/regulation/site_learning.h"

#include <algorithm>

namespace guichet::regulation {

SiteLearning::SiteLearning(std::map<std::string, double> configured_mean_s)
    : times_(std::move(configured_mean_s)) {}

void SiteLearning::start_day(Time local_midnight) {
    times_.start_day();
    patience_.start_day();
    pauses_.start_day(local_midnight);
    issued_today_.clear();
}

void SiteLearning::issued(const std::string& service, Time at) {
    ++issued_today_[service];
    std::deque<Time>& recent = recent_[service];
    recent.push_back(at);
    while (at - recent.front() >= kRateWindow) recent.pop_front();
}

void SiteLearning::finished(const FinishedCall& call, double waited_s) {
    times_.record(call);
    patience_.record(waited_s, call.no_show);
}

void SiteLearning::counters_seen(const QueueSnapshot& snapshot) {
    pauses_.observe(snapshot);
}

int SiteLearning::recent_arrivals(const std::string& service, Time now) const {
    auto it = recent_.find(service);
    if (it == recent_.end()) return 0;
    return static_cast<int>(std::count_if(it->second.begin(), it->second.end(),
                                          [&](Time at) { return now - at < kRateWindow; }));
}

int SiteLearning::issued_today(const std::string& service) const {
    auto it = issued_today_.find(service);
    return it == issued_today_.end() ? 0 : it->second;
}

PredictorSettings SiteLearning::settings(Time now) const {
    PredictorSettings s;
    times_.fill(s);
    // Once visitors are seen to leave, the shares of the services give way to the fit's
    // share of visitors who never come (pooled: the wait, not the service, explains the rest).
    if (const auto& fit = patience_.fit(); fit && fit->mean_patience_s) {
        s.mean_patience_s = fit->mean_patience_s;
        for (auto& [service, share] : s.no_show_share) share = fit->never_come;
    }
    for (const auto& [service, issues] : recent_)
        s.arrival_rate[service] = static_cast<double>(recent_arrivals(service, now)) /
                                  static_cast<double>(kRateWindow.count());
    return s;
}

}  // namespace guichet::regulation
