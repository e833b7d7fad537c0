// What the wait predictor learns from a site's days, in one place for the
// daemon and the simulator, so that the benchmark measures what the visitors
// are told: the service times and no-shows (ServiceTimeLearner), the visitors
// who leave for having waited (PatienceLearner), the counters' pauses
// (PauseLearner) and each service's arrival rate over the last 30 min.
//
// Contract: pure (time passed in). Events come in time order; start_day() is
// called with the local midnight before the first event of each day (the
// first day included). counters_seen() must see the counters after each
// change of state (open, pause, close) for the pauses to be learned.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "controller/regulation/patience.h"
#include "controller/regulation/predictor.h"
#include "controller/regulation/service_time.h"

namespace guichet::regulation {

class SiteLearning {
  public:
    explicit SiteLearning(std::map<std::string, double> configured_mean_s);

    void start_day(Time local_midnight);
    void issued(const std::string& service, Time at);
    // A call that ended, whose visitor had waited `waited_s` in the room before it.
    void finished(const FinishedCall& call, double waited_s);
    void counters_seen(const QueueSnapshot& snapshot);

    // Fills in when paused counters come back and when open ones are expected to pause.
    void expect_pauses(QueueSnapshot& snapshot) const { pauses_.expect_pauses(snapshot); }
    ServiceTimes service_times(int weekday, int hour) const {
        return times_.service_times(weekday, hour);
    }
    // The learned no-show shares and delay, the visitors' patience once the log shows that
    // the longer the wait the more are gone, whether agents press "start", and the arrival
    // rates of the last 30 min (the forecast of future visitors).
    PredictorSettings settings(Time now) const;
    // Tickets of `service` issued in the 30 min before `now`, and since the day started.
    int recent_arrivals(const std::string& service, Time now) const;
    int issued_today(const std::string& service) const;

    static constexpr std::chrono::seconds kRateWindow{std::chrono::minutes(30)};

  private:
    ServiceTimeLearner times_;
    PauseLearner pauses_;
    PatienceLearner patience_;
    std::map<std::string, std::deque<Time>> recent_;  // issues of the last kRateWindow
    std::map<std::string, int> issued_today_;
};

}  // namespace guichet::regulation
