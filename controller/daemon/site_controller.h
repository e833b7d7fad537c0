// The controller's request handling, without I/O: a device's request payload
// plus the time gives the reply, the log entry and what must be republished.
//
// Contract: handle() authorises the request by the role the site config gives
// the device, turns it into an engine command, applies the resulting events to
// the in-memory engine at once (so the next request of the same batch sees
// them) and returns the log entry the caller must make durable BEFORE sending
// the reply. A repeated (device, id) is answered with the first reply and has
// no second effect; `previous_reply` looks up replies already in the log.
// The SiteConfig and the time zone must remain live while the controller is.
#pragma once

#include <date/tz.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/daemon/site_regulation.h"
#include "controller/engine/engine.h"
#include "controller/store/event_store.h"
#include "protocol/messages.h"

namespace guichet::daemon {

struct Handled {
    std::optional<store::Entry> entry;  // what to append (nullopt: nothing new to log)
    std::string reply;                  // the JSON reply payload
    bool state_changed = false;         // board and counter views must be republished
    std::vector<std::string> counters_changed;
    std::vector<protocol::CallEvent> calls;
};

using PreviousReply =
    std::function<std::optional<std::string>(const std::string& device, const std::string& id)>;

class SiteController {
  public:
    SiteController(const config::SiteConfig& config, const date::time_zone* zone);

    // Rebuilds the state from the log (call once, before handling requests); the records that
    // are not engine events (notes) are also given to `note`, when set.
    void restore(store::EventStore& store,
                 const std::function<void(const store::StoredRecord&)>& note = {});

    Handled handle(const std::string& device, std::string_view payload, engine::Time now,
                   const PreviousReply& previous_reply);

    // The log entries of the last batch are durable: their replies are found there from now on.
    void batch_committed() { replies_.clear(); }

    protocol::BoardState board(engine::Time now) const;
    protocol::CounterView counter_view(const std::string& counter, engine::Time now) const;
    const engine::Engine& engine() const { return engine_; }
    int occupancy(engine::Time now) const { return regulation_.occupancy(engine_, now); }
    std::map<std::string, int> counters_needed(engine::Time now) const {
        return regulation_.counters_needed(now);
    }

  private:
    struct Outcome;
    Outcome run(const config::Device* device, const std::string& device_id,
                const protocol::Operation& op, const engine::Clock& clock);
    // known_estimate: the wait already predicted for a ticket just issued.
    protocol::TicketView ticket_view(const std::string& number, engine::Time now,
                                     std::optional<int> known_estimate = std::nullopt) const;
    void apply(const engine::Event& event);
    std::string counter_label(const std::string& counter) const;

    const config::SiteConfig& config_;
    const date::time_zone* zone_;
    engine::Engine engine_;
    SiteRegulation regulation_;
    // Replies of the batch being built, so duplicates inside it are caught before it is in the log.
    std::map<std::pair<std::string, std::string>, std::string> replies_;
};

}  // namespace guichet::daemon
