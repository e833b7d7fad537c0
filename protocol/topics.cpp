#include "protocol/topics.h"

#include <stdexcept>

namespace guichet::protocol {

namespace {

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

std::string join(std::string_view a, std::string_view b, std::string_view c = {}) {
    std::string out;
    out.reserve(a.size() + b.size() + c.size());
    out.append(a).append(b).append(c);
    return out;
}

}  // namespace

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 32 || id.front() == '-') return false;
    for (char c : id) {
        if (!is_id_char(c)) return false;
    }
    return true;
}

Topics::Topics(std::string site) : site_(std::move(site)) {
    if (!is_valid_id(site_)) {
        throw std::invalid_argument("invalid site id \"" + site_ +
                                    "\" (expected [a-z0-9][a-z0-9-]{0,31})");
    }
    prefix_ = "guichet/v1/" + site_ + "/";
}

std::string Topics::controller_status() const {
    return prefix_ + "controller/status";
}
std::string Topics::device_status(std::string_view device) const {
    return join(prefix_ + "dev/", device, "/status");
}
std::string Topics::device_req(std::string_view device) const {
    return join(prefix_ + "dev/", device, "/req");
}
std::string Topics::device_rsp(std::string_view device) const {
    return join(prefix_ + "dev/", device, "/rsp");
}
std::string Topics::device_telemetry(std::string_view device) const {
    return join(prefix_ + "dev/", device, "/telemetry");
}
std::string Topics::board() const {
    return prefix_ + "state/board";
}
std::string Topics::counter_state(std::string_view counter) const {
    return join(prefix_ + "state/counter/", counter);
}
std::string Topics::call_event() const {
    return prefix_ + "event/call";
}
std::string Topics::alert_event() const {
    return prefix_ + "event/alert";
}

std::string Topics::all_device_requests() const {
    return prefix_ + "dev/+/req";
}
std::string Topics::all_device_status() const {
    return prefix_ + "dev/+/status";
}
std::string Topics::all_device_telemetry() const {
    return prefix_ + "dev/+/telemetry";
}

std::optional<DeviceTopic> Topics::parse_device_topic(std::string_view topic) const {
    const std::string dev_prefix = prefix_ + "dev/";
    if (!topic.starts_with(dev_prefix)) return std::nullopt;
    topic.remove_prefix(dev_prefix.size());
    const auto slash = topic.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view device = topic.substr(0, slash);
    const std::string_view kind = topic.substr(slash + 1);
    if (!is_valid_id(device)) return std::nullopt;
    DeviceTopic parsed{std::string(device), DeviceTopicKind::status};
    if (kind == "status") {
        parsed.kind = DeviceTopicKind::status;
    } else if (kind == "req") {
        parsed.kind = DeviceTopicKind::req;
    } else if (kind == "rsp") {
        parsed.kind = DeviceTopicKind::rsp;
    } else if (kind == "telemetry") {
        parsed.kind = DeviceTopicKind::telemetry;
    } else {
        return std::nullopt;
    }
    return parsed;
}

}  // namespace guichet::protocol
