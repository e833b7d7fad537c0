// The protocol v1 topic tree: guichet/v1/<site>/...
//
// Contract: ids (site, device, counter) match [a-z0-9][a-z0-9-]{0,31};
// Topics is constructed only from a valid site id (throws otherwise).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guichet::protocol {

bool is_valid_id(std::string_view id);

enum class DeviceTopicKind { status, req, rsp, telemetry };

struct DeviceTopic {
    std::string device;
    DeviceTopicKind kind;
};

class Topics {
public:
    explicit Topics(std::string site);

    const std::string& site() const { return site_; }
    const std::string& prefix() const { return prefix_; }  // "guichet/v1/<site>/"

    std::string controller_status() const;
    std::string device_status(std::string_view device) const;
    std::string device_req(std::string_view device) const;
    std::string device_rsp(std::string_view device) const;
    std::string device_telemetry(std::string_view device) const;
    std::string board() const;
    std::string counter_state(std::string_view counter) const;
    std::string call_event() const;
    std::string alert_event() const;

    // Subscription filters.
    std::string all_device_requests() const;   // guichet/v1/<site>/dev/+/req
    std::string all_device_status() const;     // guichet/v1/<site>/dev/+/status
    std::string all_device_telemetry() const;  // guichet/v1/<site>/dev/+/telemetry

    // Splits "guichet/v1/<site>/dev/<device>/<kind>"; nullopt for anything else.
    std::optional<DeviceTopic> parse_device_topic(std::string_view topic) const;

private:
    std::string site_;
    std::string prefix_;
};

}  // namespace guichet::protocol
