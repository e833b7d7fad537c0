// A device speaking raw MQTT, for tests that send what a well-behaved
// DeviceClient never would (broken JSON, other devices' topics).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/codec.h"
#include "protocol/device_client.h"
#include "protocol/mqtt_link.h"
#include "protocol/topics.h"

namespace guichet::test {

class RawDevice {
  public:
    RawDevice(const protocol::DeviceClientOptions& o, std::vector<std::string> extra_topics = {})
        : topics_(o.site), device_(o.device) {
        protocol::LinkOptions l;
        l.server_uri = o.server_uri;
        l.client_id = o.device + "-raw";
        l.username = o.device;
        l.password = o.password;
        l.subscriptions = {topics_.device_rsp(o.device)};
        l.subscriptions.insert(l.subscriptions.end(), extra_topics.begin(), extra_topics.end());
        link_ = std::make_unique<protocol::MqttLink>(l, [this](const protocol::Message& m) {
            std::lock_guard lock(mutex_);
            received_.push_back(m);
            arrived_.notify_all();
        });
        link_->start();
        link_->wait_connected(std::chrono::seconds(5));
    }

    bool send(const std::string& payload) {
        return link_->publish(topics_.device_req(device_), payload);
    }
    bool publish(const std::string& topic, const std::string& payload) {
        return link_->publish(topic, payload);
    }

    // The next message on `topic` not yet taken, waiting up to `timeout`.
    std::optional<protocol::Message> next(
        const std::string& topic, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        std::optional<protocol::Message> found;
        arrived_.wait_for(lock, timeout, [&] {
            for (auto it = received_.begin(); it != received_.end(); ++it)
                if (it->topic == topic) {
                    found = *it;
                    received_.erase(it);
                    return true;
                }
            return false;
        });
        return found;
    }

    // The reply to the last request, decoded.
    std::optional<protocol::Reply> reply(
        std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        auto m = next(topics_.device_rsp(device_), timeout);
        if (!m) return std::nullopt;
        auto r = protocol::decode_reply(m->payload);
        if (auto* reply = std::get_if<protocol::Reply>(&r)) return *reply;
        return std::nullopt;
    }

    const protocol::Topics& topics() const { return topics_; }

  private:
    protocol::Topics topics_;
    std::string device_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<protocol::Message> received_;
    std::unique_ptr<protocol::MqttLink> link_;
};

}  // namespace guichet::test
