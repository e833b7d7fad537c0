// Collects what a link receives, for tests to wait on from the test thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "protocol/mqtt_link.h"

namespace guichet::test {

// Long enough never to fail on a slow machine; only a broken link waits it out.
inline constexpr auto kPatience = std::chrono::seconds(10);

class Inbox {
public:
    protocol::MqttLink::MessageHandler handler() {
        return [this](const protocol::Message& message) {
            {
                std::lock_guard lock(mutex_);
                messages_.push_back(message);
            }
            changed_.notify_all();
        };
    }

    // The first message on `topic` whose payload is `payload` (any payload if empty).
    std::optional<protocol::Message> wait_for(const std::string& topic,
                                              const std::string& payload = "") {
        std::unique_lock lock(mutex_);
        std::optional<protocol::Message> found;
        changed_.wait_for(lock, kPatience, [&] {
            for (const auto& m : messages_) {
                if (m.topic == topic && (payload.empty() || m.payload == payload)) {
                    found = m;
                    return true;
                }
            }
            return false;
        });
        return found;
    }

    std::vector<protocol::Message> all() {
        std::lock_guard lock(mutex_);
        return messages_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<protocol::Message> messages_;
};

// Counts connection changes reported by a link.
class ConnectionLog {
public:
    protocol::MqttLink::ConnectionHandler handler() {
        return [this](bool connected) {
            {
                std::lock_guard lock(mutex_);
                (connected ? connects_ : losses_)++;
            }
            changed_.notify_all();
        };
    }

    bool wait_connects(int count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, kPatience, [&] { return connects_ >= count; });
    }
    bool wait_losses(int count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, kPatience, [&] { return losses_ >= count; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int connects_ = 0;
    int losses_ = 0;
};

}  // namespace guichet::test
