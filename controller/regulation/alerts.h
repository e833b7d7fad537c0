// Alerts for the site manager: what is wrong now, raised once, raised again
// while it stays wrong, cleared when it is resolved.
//
// Contract: pure. conditions() turns one observation of the site at `now`
// into the list of conditions that hold (each with a stable id such as
// "wait_over_target:A"). AlertTracker::update() compares them with what it has
// already raised and returns the alert events to publish: `raised` for a new
// condition (after it has held for its `hold` time), again when it is still
// true `reraise_after` later or when its level changes, and `cleared` when it
// no longer holds. The tracker's state is a plain value: no clock inside.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/engine/engine.h"
#include "protocol/messages.h"

namespace guichet::regulation {

using engine::Time;

enum class Level { info, warning, critical };

struct AlertSettings {
    std::chrono::seconds reraise_after{std::chrono::minutes(15)};
    std::chrono::seconds idle_grace{std::chrono::minutes(3)};  // counter idle with people waiting
    std::chrono::seconds paused_grace{std::chrono::minutes(10)};  // counter paused, same
    // Too few counters for the arrivals: a burst of tickets must last before counters are advised.
    std::chrono::seconds staffing_grace{std::chrono::minutes(5)};
    double near_capacity = 0.9;  // share of the capacity that warns
};

struct ServiceObservation {
    std::string id;
    std::string label;  // French label, for the sentences
    std::chrono::seconds target_wait{std::chrono::minutes(20)};
    int waiting = 0;
    std::optional<std::chrono::seconds> longest_wait;     // of the tickets waiting now
    std::optional<std::chrono::seconds> newest_estimate;  // for a ticket taken now
    bool past_cutoff = false;
    int counters_open = 0;               // open counters serving it
    std::optional<int> counters_needed;  // staffing advice (Erlang-A) for the arrivals seen now
};

struct CounterObservation {
    std::string id;
    std::string label;  // "Guichet 3"
    engine::CounterState state = engine::CounterState::closed;
    bool serving = false;  // a visitor is called or at the counter
    std::vector<std::string> services;
};

struct DeviceObservation {
    std::string id;
    bool lost = false;         // status "lost" (the broker fired its will)
    std::string paper = "ok";  // ok | near_end | out
    bool stopped = false;      // status "offline": stopped on purpose (evening, maintenance)
};

struct SiteObservation {
    Time now;
    std::vector<ServiceObservation> services;
    std::vector<CounterObservation> counters;
    std::vector<DeviceObservation> devices;  // dispensers and kiosks
    int occupancy = 0;
    int capacity = 0;  // 0 = not limited
    bool open = true;  // some service is open now: a stopped dispenser matters only then
};

struct Condition {
    std::string id;  // stable: kind ":" subject
    Level level = Level::warning;
    std::string message;           // French sentence for the manager
    std::chrono::seconds hold{0};  // must hold this long before it is raised
    std::optional<std::string> service;
    std::optional<std::string> counter;
    std::optional<std::string> device;
};

std::vector<Condition> conditions(const SiteObservation& site, const AlertSettings& settings);

struct AlertEvent {
    Condition condition;
    bool raised = true;   // false: cleared
    bool repeat = false;  // raised again (still true, or a new level)
    Time at;
};

class AlertTracker {
  public:
    explicit AlertTracker(AlertSettings settings = {}) : settings_(settings) {}

    // The conditions that hold at `now` -> the alerts to publish.
    std::vector<AlertEvent> update(const std::vector<Condition>& holding, Time now);

    // The alerts raised and not cleared, by id.
    const std::map<std::string, AlertEvent>& active() const { return active_; }

  private:
    AlertSettings settings_;
    std::map<std::string, Time> since_;  // first seen, for conditions with a hold time
    std::map<std::string, AlertEvent> active_;
    std::map<std::string, Time> last_sent_;
};

std::string to_string(Level level);  // "info" | "warning" | "critical"

// The protocol message; `at` is the event time formatted by the caller (ISO 8601
// with the site's offset, config/site_time.h).
protocol::Alert to_message(const AlertEvent& event, const std::string& at);

}  // namespace guichet::regulation
