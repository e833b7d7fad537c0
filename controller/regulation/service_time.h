// Service-time learning: what does a call cost, per service and counter?
//
// Contract: pure (no clock; the caller passes each finished call with its
// local weekday and hour). A call costs the time from the call to the end of
// the visit. The estimate is robust: the median and the median absolute
// deviation of the log durations give the CV, and the mean is that of the
// durations within 4 sigma of the median, so one forgotten "finish"
// does not move it. It blends, in order of trust: today's calls of the
// service, the same weekday and hour of past days, the service's past calls
// at every hour (the warm start: its level and CV), and the configured mean
// service time (the prior). Each level is shrunk towards the next: an hour's
// past calls towards the service's level, which carries as many calls as
// `cell_weight`; today's towards that warm start with `today_weight` (the
// calls finished so far today are few, and miss the long visits still under
// way). Memory is bounded: the latest calls are kept, per service and per
// service, weekday and hour. A counter's own speed (its agent's) is one ratio
// learned over all the services it served today, shrunk towards 1, applied to
// every service's estimate. No-show shares and the time a no-show costs are
// learned the same way.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "controller/regulation/predictor.h"

namespace guichet::regulation {

struct FinishedCall {
    std::string service;
    std::string counter;
    double duration_s = 0;  // call -> finish (or -> no-show)
    bool no_show = false;
    int weekday = 0;       // local, 0 = Sunday
    int hour = 0;          // local hour of the call
    bool started = false;  // the agent pressed "start" when the visitor sat down
};

struct LearningSettings {
    double prior_weight = 8;     // the prior counts as this many calls
    double cell_weight = 40;     // the service's level counts as this many calls of an hour
    double today_weight = 30;    // the warm start counts as this many calls of today
    double counter_weight = 10;  // a counter's ratio is shrunk towards 1 with this weight
    double default_cv = 0.9;
    double no_show_prior = 0.05;
    double no_show_prior_weight = 40;
    double no_show_delay_s = 90;
    std::size_t recent = 60;    // today's calls kept per service (counter: half)
    std::size_t history = 400;  // past calls kept per service, weekday and hour
    std::size_t pooled = 2000;  // past calls kept per service, every hour together
    // "start" is taken as pressed at this site once this many visits (not no-shows)
    // were seen, at least this share of them started.
    long starts_min_visits = 20;
    double starts_min_share = 0.9;
};

// Robust fit of durations: CV from the median and MAD of the logs (lognormal), mean of
// the durations within 4 sigma of that median.
struct Fit {
    double mean_s = 0;
    double cv = 0;
    std::size_t n = 0;
};
Fit robust_fit(const std::deque<double>& durations);

class ServiceTimeLearner {
  public:
    ServiceTimeLearner(std::map<std::string, double> configured_mean_s,
                       LearningSettings settings = {});

    void record(const FinishedCall& call);
    // A new local day: today's calls become history, today starts empty.
    void start_day();

    // Estimates for calls made at this local weekday and hour.
    ServiceTimes service_times(int weekday, int hour) const;
    // Predictor settings with the learned no-show shares and delay filled in, and
    // whether the site's agents press "start".
    void fill(PredictorSettings& settings) const;

  private:
    struct Today {
        std::deque<double> durations;
        int calls = 0;
        int no_shows = 0;
    };
    LearningSettings settings_;
    std::map<std::string, double> configured_;
    std::map<std::string, Today> today_;
    // counter -> its latest calls of the day (service, duration), every service together
    std::map<std::string, std::deque<std::pair<std::string, double>>> counter_today_;
    std::map<std::string, std::deque<FinishedCall>> today_calls_;  // to file into history
    std::map<std::tuple<std::string, int, int>, std::deque<double>> history_;
    // The fits of past days change only at start_day: made there, once.
    std::map<std::tuple<std::string, int, int>, Fit> history_fit_;
    std::map<std::string, std::deque<double>> pooled_;  // service -> its latest past calls
    std::map<std::string, Fit> pooled_fit_;
    std::map<std::string, std::pair<int, int>> no_show_history_;  // calls, no-shows
    std::deque<double> no_show_delays_;
    long visits_ = 0;   // finished visits (not no-shows), all days
    long started_ = 0;  // of which started
};

}  // namespace guichet::regulation
