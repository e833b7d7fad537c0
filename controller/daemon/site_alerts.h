// The alerts of a running site: the live engine, the board and the health the
// dispensers report on the broker, turned into log records and event/alert
// messages (the conditions and their raise/re-raise/clear rules are in
// controller/regulation/alerts.h).
//
// Contract: pure: no clock, no I/O; the caller passes the time and the device
// messages. evaluate() returns the log entry to make durable first, then the
// messages to publish. Records: "alert.raised" (a new alert), "alert.repeated"
// (raised again while still true, or continued after a restart) and
// "alert.resolved", each with {id, kind, level, message, service?, counter?,
// device?}. restore() is given the log's records in order: an alert left open
// by a previous run is continued if it still holds, resolved if it still does
// not hold 10 s (site time) after the first evaluate() (the devices' retained
// health arrives just after the start).
#pragma once

#include <date/tz.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/engine/engine.h"
#include "controller/regulation/alerts.h"
#include "controller/store/event_store.h"
#include "protocol/messages.h"
#include "protocol/topics.h"

namespace guichet::daemon {

class SiteAlerts {
  public:
    SiteAlerts(const config::SiteConfig& config, const date::time_zone* zone,
               regulation::AlertSettings settings = {});

    // One record of the log (during replay, before any evaluate()).
    void restore(const store::StoredRecord& record);

    // A dev/<id>/status or dev/<id>/telemetry payload of a dispenser or kiosk. False when it
    // tells nothing new (another topic, another role, a malformed payload, the same health).
    bool device_message(const protocol::DeviceTopic& topic, std::string_view payload);

    struct Output {
        std::optional<store::Entry> entry;  // nullopt: nothing changed
        std::vector<protocol::Alert> messages;
    };
    // The site as it is at `now`, as the controller sees it at that time: `board` the board,
    // `occupancy` the waiting room's, `counters_needed` the staffing advice per service
    // (SiteController::board, ::occupancy, ::counters_needed).
    struct Seen {
        const protocol::BoardState& board;
        int occupancy = 0;
        const std::map<std::string, int>& counters_needed;
    };
    Output evaluate(const engine::Engine& engine, const Seen& seen, engine::Time now);

  private:
    regulation::SiteObservation observe(const engine::Engine& engine, const Seen& seen,
                                        engine::Time now) const;

    const config::SiteConfig& config_;
    const date::time_zone* zone_;
    regulation::AlertSettings settings_;
    regulation::AlertTracker tracker_;
    std::map<std::string, regulation::DeviceObservation> devices_;
    std::map<std::string, regulation::Condition> open_in_log_;  // raised by an earlier run
    std::optional<engine::Time> first_evaluation_;
};

}  // namespace guichet::daemon
