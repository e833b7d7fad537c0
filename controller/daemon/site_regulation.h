// Regulation wired to the live engine: learned service times, wait
// estimates and admission (cut-off before closing, daily quotas, waiting-room
// capacity, return times for long waits), with the rules of the site config.
//
// Contract: observe() must see every event before the engine applies it (a
// finish needs the call it ends) and applied() after (a counter's new state
// teaches its pauses), and count_door() every footfall count, in log order,
// also during replay; the other calls read the engine as it is. The config and the zone
// must remain live while this object is.
#pragma once

#include <date/tz.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "controller/config/site_config.h"
#include "controller/engine/engine.h"
#include "controller/regulation/admission.h"
#include "controller/regulation/predictor.h"
#include "controller/regulation/site_learning.h"

namespace guichet::daemon {

class SiteRegulation {
  public:
    SiteRegulation(const config::SiteConfig& config, const date::time_zone* zone);

    void observe(const engine::Event& event, const engine::Engine& engine);
    void applied(const engine::Event& event, const engine::Engine& engine);
    // A footfall.count report (people in and out since the last one). Once a sensor has
    // reported on a local day, the room's occupancy for admission is the door count of that day
    // (in - out, never below 0) instead of the visitors holding a live ticket.
    void count_door(int in, int out, engine::Time at);

    // A ticket taken now for `service`: its estimated wait and whether it is admitted,
    // from one run of the predictor.
    struct Assessment {
        regulation::NewTicketEstimate estimate;
        regulation::Admission admission;
    };
    // A printed ticket gets every Monte Carlo run; the board's figure of each service, redone
    // for every service at each board (4 a second when busy), gets a few (kBoardRuns: its
    // standard error is then about a sixth of the wait's spread), so that it does not hold up
    // the requests waiting behind it.
    enum class Use { ticket, board };
    static constexpr int kBoardRuns = 32;
    Assessment assess(const engine::Engine& engine, const std::string& service, bool priority,
                      engine::Time now, Use use = Use::ticket) const;
    // The waiting room's occupancy: today's door count once a sensor has reported, otherwise
    // the visitors holding a live ticket (waiting or at a counter).
    int occupancy(const engine::Engine& engine, engine::Time now) const;
    // The estimated wait of a waiting ticket; nullopt when no open counter serves it.
    std::optional<int> waiting_estimate(const engine::Engine& engine, const std::string& number,
                                        engine::Time now) const;
    // Per service, the counters needed now (Erlang-A, staffing.h) if visitors keep coming at the
    // rate of the last 30 min, with the learned mean service time; at most the counters the
    // config lets serve it.
    std::map<std::string, int> counters_needed(engine::Time now) const;

  private:
    void roll_day(engine::Time at);
    int occupancy(const engine::Engine& engine, const regulation::QueueSnapshot& snapshot) const;
    regulation::AdmissionRequest admission_request(const engine::Engine& engine,
                                                   const std::string& service, bool priority,
                                                   engine::Time now, Use use) const;
    regulation::ServiceTimes times_at(engine::Time now) const;
    std::set<std::string> linked_services(const engine::Engine& engine,
                                          const std::string& service) const;
    regulation::PredictorSettings settings(engine::Time now, Use use = Use::ticket) const;
    // The queue as the predictor sees it for `service`: the tickets that can delay it, and
    // the counters' expected pauses and returns.
    regulation::QueueSnapshot snapshot(const engine::Engine& engine, const std::string& service,
                                       engine::Time now) const;

    const config::SiteConfig& config_;
    const date::time_zone* zone_;
    regulation::SiteLearning learning_;
    std::optional<date::local_days> day_;
    std::optional<int> door_count_;  // today's, once a sensor reported
};

}  // namespace guichet::daemon
