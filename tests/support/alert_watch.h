// What the managers see of the alerts in a test: the event/alert messages of a
// site's broker, and the alert records of its event log.
//
// Contract: AlertWatch subscribes at construction (waits until connected) and
// keeps every decoded alert; wait() returns the first one not yet taken with
// that id and state, within a bounded time. logged_alerts() and
// logged_events() read the log read-only (the controller may be writing it: WAL).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/messages.h"
#include "protocol/mqtt_link.h"

namespace guichet::test {

class AlertWatch {
  public:
    // Credentials of any account that may read event/# ("" for an anonymous broker).
    AlertWatch(const std::string& uri, const std::string& site, const std::string& username = "",
               const std::string& password = "");

    // The next alert `id` in `state` ("raised" | "cleared"); nullopt after `timeout`.
    std::optional<protocol::Alert> wait(const std::string& id, const std::string& state,
                                        std::chrono::seconds timeout = std::chrono::seconds(30));

  private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<protocol::Alert> alerts_;
    protocol::MqttLink link_;
};

// The alert records of the log at `store_path`, in order: (type, alert id), e.g.
// ("alert.raised", "paper:borne-1").
std::vector<std::pair<std::string, std::string>> logged_alerts(const std::string& store_path);

// How many events of `type` about ticket `number` the log at `store_path` holds.
int logged_events(const std::string& store_path, const std::string& type,
                  const std::string& number);

}  // namespace guichet::test
