#include "protocol/device_client.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>

#include "protocol/codec.h"

namespace guichet::protocol {

namespace {

// Eight hex digits drawn once per client, so ids stay unique across restarts
// of the same device (the controller remembers (device, id) pairs).
std::string random_tag() {
    std::random_device source;
    char tag[9];
    std::snprintf(tag, sizeof tag, "%08x", static_cast<unsigned>(source()));
    return tag;
}

std::string status_payload(const DeviceClientOptions& options, const char* state) {
    return encode_device_status({state, options.role, options.version});
}

}  // namespace

struct DeviceClient::Impl {
    Impl(DeviceClientOptions opts, MqttLink::MessageHandler message_handler)
        : options(std::move(opts)),
          topics(options.site),
          reply_topic(topics.device_rsp(options.device)),
          on_message(std::move(message_handler)),
          tag(random_tag()) {}

    // Runs on the link's consumer thread.
    void route(const Message& message) {
        if (message.topic != reply_topic) {
            if (on_message) on_message(message);
            return;
        }
        auto decoded = decode_reply(message.payload);
        auto* reply = std::get_if<Reply>(&decoded);
        if (reply == nullptr) return;  // not a reply we could ever match
        {
            std::lock_guard lock(mutex);
            const auto waiting = pending.find(reply->id);
            // A late answer to an attempt already answered (or abandoned) is dropped.
            if (waiting == pending.end() || waiting->second) return;
            waiting->second = std::move(*reply);
        }
        replied.notify_all();
    }

    DeviceClientOptions options;
    Topics topics;
    std::string reply_topic;
    MqttLink::MessageHandler on_message;
    std::string tag;
    std::atomic<std::uint64_t> counter{0};

    std::mutex mutex;
    std::condition_variable replied;
    std::map<std::string, std::optional<Reply>> pending;  // request id -> reply once in
    std::unique_ptr<MqttLink> link;
};

DeviceClient::DeviceClient(DeviceClientOptions options, MqttLink::MessageHandler on_message,
                           MqttLink::ConnectionHandler on_connection)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_message))) {
    const auto& opts = impl_->options;
    LinkOptions link;
    link.server_uri = opts.server_uri;
    link.username = opts.device;  // identity is the broker's job: username = device id
    link.password = opts.password;
    if (opts.announce_presence) {
        link.client_id = opts.device;
        link.status_topic = impl_->topics.device_status(opts.device);
        link.online_payload = status_payload(opts, "online");
        link.will_payload = status_payload(opts, "lost");
        link.offline_payload = status_payload(opts, "offline");
    } else {
        link.client_id = opts.device + "-" + impl_->tag;
    }
    link.subscriptions = {impl_->reply_topic};
    link.subscriptions.insert(link.subscriptions.end(), opts.extra_subscriptions.begin(),
                              opts.extra_subscriptions.end());
    Impl& impl = *impl_;
    impl_->link = std::make_unique<MqttLink>(
        std::move(link), [&impl](const Message& message) { impl.route(message); },
        std::move(on_connection));
}

DeviceClient::~DeviceClient() {
    impl_->link->stop();
}

void DeviceClient::start() {
    impl_->link->start();
}

bool DeviceClient::wait_connected(std::chrono::milliseconds timeout) {
    return impl_->link->wait_connected(timeout);
}

std::string DeviceClient::next_id() {
    return impl_->options.device + "-" + impl_->tag + "-" + std::to_string(++impl_->counter);
}

std::optional<Reply> DeviceClient::request(const Request& request) {
    Impl& impl = *impl_;
    {
        std::lock_guard lock(impl.mutex);
        impl.pending.emplace(request.id, std::nullopt);
    }
    const Message message{impl.topics.device_req(impl.options.device), encode_request(request),
                          false, impl.reply_topic, request.id};
    const auto give_up = std::chrono::steady_clock::now() + impl.options.give_up_after;
    std::unique_lock lock(impl.mutex);
    for (;;) {
        lock.unlock();
        // A failed publish (link down) is simply retried at the next tick.
        impl.link->publish(message);
        lock.lock();
        const auto next_try =
            std::min(std::chrono::steady_clock::now() + impl.options.retry_every, give_up);
        auto& slot = impl.pending.at(request.id);
        impl.replied.wait_until(lock, next_try, [&] { return slot.has_value(); });
        if (slot || std::chrono::steady_clock::now() >= give_up) {
            auto reply = std::move(slot);
            impl.pending.erase(request.id);
            return reply;
        }
    }
}

MqttLink& DeviceClient::link() {
    return *impl_->link;
}

const Topics& DeviceClient::topics() const {
    return impl_->topics;
}

}  // namespace guichet::protocol
