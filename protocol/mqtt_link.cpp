#include "protocol/mqtt_link.h"

#include <mqtt/async_client.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

namespace guichet::protocol {

namespace {

constexpr int kQos = 1;
// Bounds every wait on the broker, so a dead connection never hangs a caller.
constexpr auto kBrokerTimeout = std::chrono::seconds(5);
constexpr auto kReconnectMin = std::chrono::seconds(1);
constexpr auto kReconnectMax = std::chrono::seconds(8);
constexpr std::size_t kWindow = 16;  // publications in flight at once (see send_all)

// Paho C 1.3 leaves Nagle's algorithm on. A client that sends a PUBACK and
// then a PUBLISH (a controller acknowledging a request, then replying) has the
// PUBLISH held until the broker's delayed ACK, ~40 ms per hop: measured at
// 44 ms per publish in bench/controller_bench. Paho exposes no socket, so the
// TCP sockets of this process connected to the broker's port get TCP_NODELAY.
void disable_nagle_towards(const std::string& server_uri) {
    const auto colon = server_uri.rfind(':');
    if (colon == std::string::npos || server_uri.rfind("tcp://", 0) != 0) return;
    const int port = std::atoi(server_uri.c_str() + colon + 1);
    DIR* fds = ::opendir("/proc/self/fd");
    if (!fds) return;
    while (dirent* entry = ::readdir(fds)) {
        const int fd = std::atoi(entry->d_name);
        if (fd <= 2) continue;
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
        int peer_port = -1;
        if (peer.ss_family == AF_INET)
            peer_port = ntohs(reinterpret_cast<sockaddr_in*>(&peer)->sin_port);
        else if (peer.ss_family == AF_INET6)
            peer_port = ntohs(reinterpret_cast<sockaddr_in6*>(&peer)->sin6_port);
        if (peer_port != port) continue;
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    ::closedir(fds);
}

// What the consumer thread handles, in arrival order.
struct Event {
    enum class Kind { message, connected, lost } kind;
    Message message;
};

Message from_paho(const mqtt::const_message_ptr& paho) {
    Message message{paho->get_topic(), paho->get_payload_str(), paho->is_retained(), {}, {}};
    const auto& props = paho->get_properties();
    if (props.contains(mqtt::property::RESPONSE_TOPIC)) {
        message.response_topic = mqtt::get<std::string>(props, mqtt::property::RESPONSE_TOPIC);
    }
    if (props.contains(mqtt::property::CORRELATION_DATA)) {
        message.correlation_data = mqtt::get<std::string>(props, mqtt::property::CORRELATION_DATA);
    }
    return message;
}

// The requester chooses the Response Topic, but the reply is published with
// the replier's rights: honouring any topic would let a device write where
// the broker's ACL forbids it (state/board, another device's rsp). So only a
// topic in the fallback's own folder (dev/<device>/...) is honoured.
std::string reply_topic(const Message& request, const std::string& fallback_topic) {
    const auto folder = fallback_topic.substr(0, fallback_topic.rfind('/') + 1);
    const std::string& wanted = request.response_topic;
    const bool inside = wanted.size() > folder.size() && wanted.starts_with(folder) &&
                        wanted.find_first_of("+#") == std::string::npos;
    return inside ? wanted : fallback_topic;
}

mqtt::connect_options make_connect_options(const LinkOptions& options) {
    auto builder = mqtt::connect_options_builder()
                       .mqtt_version(MQTTVERSION_5)
                       .clean_start(true)
                       .keep_alive_interval(options.keepalive)
                       .connect_timeout(kBrokerTimeout)
                       .automatic_reconnect(kReconnectMin, kReconnectMax);
    if (!options.username.empty()) builder.user_name(options.username);
    if (!options.password.empty()) builder.password(options.password);
    if (!options.status_topic.empty()) {
        builder.will(mqtt::will_options(options.status_topic, options.will_payload, kQos, true));
    }
    return builder.finalize();
}

}  // namespace

struct MqttLink::Impl {
    Impl(LinkOptions opts, MessageHandler message_handler, ConnectionHandler connection_handler)
        : options(std::move(opts)),
          on_message(std::move(message_handler)),
          on_connection(std::move(connection_handler)),
          client(options.server_uri, options.client_id, mqtt::create_options(MQTTVERSION_5)),
          connect_options(make_connect_options(options)) {}

    // Paho's callbacks only queue; everything else happens on the consumer
    // thread, where waiting on the broker cannot deadlock Paho's own thread.
    void push(Event event) {
        {
            std::lock_guard lock(mutex);
            events.push_back(std::move(event));
        }
        wake.notify_one();
    }

    void consume() {
        for (;;) {
            Event event;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !events.empty(); });
                if (stopping) return;
                event = std::move(events.front());
                events.pop_front();
            }
            switch (event.kind) {
                case Event::Kind::message:
                    if (on_message) on_message(event.message);
                    break;
                case Event::Kind::connected:
                    handle_connected();
                    break;
                case Event::Kind::lost:
                    set_connected(false);
                    if (on_connection) on_connection(false);
                    break;
            }
        }
    }

    // A clean start forgets subscriptions, so they are renewed on every
    // connection; the status goes out after them, so "online" means ready.
    void handle_connected() {
        disable_nagle_towards(options.server_uri);
        if (!options.subscriptions.empty()) {
            try {
                auto filters = mqtt::string_collection::create(options.subscriptions);
                mqtt::iasync_client::qos_collection qos(options.subscriptions.size(), kQos);
                if (!client.subscribe(filters, qos)->wait_for(kBrokerTimeout)) return;
            } catch (const mqtt::exception&) {
                return;  // lost again meanwhile: the next connection retries
            }
        }
        if (!options.status_topic.empty()) {
            send(mqtt::make_message(options.status_topic, options.online_payload, kQos, true));
        }
        set_connected(true);
        if (on_connection) on_connection(true);
    }

    void set_connected(bool now) {
        {
            std::lock_guard lock(mutex);
            is_connected = now;
        }
        state_changed.notify_all();
    }

    bool send(const mqtt::message_ptr& message) { return send_all({message}) == 1; }

    // Keeps up to kWindow publications in flight: one broker round trip per
    // window instead of one per message. The window stays under the broker's
    // Receive Maximum (mosquitto: max_inflight_messages, 20 by default);
    // beyond it Paho C 1.3 parks publications until its send thread's 1 s
    // poll, which stalled the controller under 50 devices.
    std::size_t send_all(const std::vector<mqtt::message_ptr>& messages) {
        std::size_t accepted = 0;
        std::deque<mqtt::delivery_token_ptr> in_flight;
        // MQTT 5 PUBACK reason codes >= 0x80 (e.g. not authorised) are refusals;
        // Paho may also throw them from wait_for(). Either way only that one is lost.
        auto settle_oldest = [&] {
            try {
                const auto& token = in_flight.front();
                accepted += token->wait_for(kBrokerTimeout) && token->get_reason_code() < 0x80;
            } catch (const mqtt::exception&) {
                // refused or lost: not counted
            }
            in_flight.pop_front();
        };
        for (const auto& message : messages) {
            if (!client.is_connected()) break;
            if (in_flight.size() == kWindow) settle_oldest();
            try {
                in_flight.push_back(client.publish(message));
            } catch (const mqtt::exception&) {
                break;  // lost meanwhile: the rest are not sent
            }
        }
        while (!in_flight.empty()) settle_oldest();
        return accepted;
    }

    LinkOptions options;
    MessageHandler on_message;
    ConnectionHandler on_connection;

    std::mutex mutex;
    std::condition_variable wake;           // consumer: an event arrived, or stop
    std::condition_variable state_changed;  // wait_connected()
    std::deque<Event> events;
    bool is_connected = false;
    bool stopping = false;
    bool started = false;
    std::thread consumer;

    // Declared last, destroyed first: Paho's callbacks use the members above.
    mqtt::async_client client;
    mqtt::connect_options connect_options;
};

MqttLink::MqttLink(LinkOptions options, MessageHandler on_message, ConnectionHandler on_connection)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_message),
                                   std::move(on_connection))) {}

MqttLink::~MqttLink() {
    stop();
}

void MqttLink::start() {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->started) return;
        impl_->started = true;
    }
    Impl& impl = *impl_;
    impl.client.set_connected_handler([&impl](const std::string&) {
        impl.push({Event::Kind::connected, {}});
    });
    impl.client.set_connection_lost_handler([&impl](const std::string&) {
        impl.push({Event::Kind::lost, {}});
    });
    impl.client.set_message_callback([&impl](mqtt::const_message_ptr message) {
        impl.push({Event::Kind::message, from_paho(message)});
    });
    impl.consumer = std::thread([&impl] { impl.consume(); });
    // With automatic reconnect, Paho keeps retrying even when this first
    // attempt fails (broker not up yet): the connected handler reports success.
    try {
        impl.client.connect(impl.connect_options);
    } catch (const mqtt::exception&) {
        // Only an invalid option gets here; connected() stays false.
    }
}

bool MqttLink::wait_connected(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    return impl_->state_changed.wait_for(lock, timeout, [&] { return impl_->is_connected; });
}

bool MqttLink::connected() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->is_connected;
}

bool MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
    return impl_->send(mqtt::make_message(topic, payload, kQos, retained));
}

namespace {

mqtt::message_ptr to_paho(const Message& message) {
    auto paho = mqtt::make_message(message.topic, message.payload, kQos, message.retained);
    mqtt::properties props;
    if (!message.response_topic.empty()) {
        props.add({mqtt::property::RESPONSE_TOPIC, message.response_topic});
    }
    if (!message.correlation_data.empty()) {
        props.add({mqtt::property::CORRELATION_DATA, message.correlation_data});
    }
    paho->set_properties(std::move(props));
    return paho;
}

}  // namespace

bool MqttLink::publish(const Message& message) {
    return impl_->send(to_paho(message));
}

std::size_t MqttLink::publish_all(const std::vector<Message>& messages) {
    std::vector<mqtt::message_ptr> paho;
    paho.reserve(messages.size());
    for (const Message& m : messages) paho.push_back(to_paho(m));
    return impl_->send_all(paho);
}

Message MqttLink::reply_message(const Message& request, const std::string& fallback_topic,
                                const std::string& payload) {
    return Message{
        reply_topic(request, fallback_topic), payload, false, {}, request.correlation_data};
}

bool MqttLink::reply(const Message& request, const std::string& fallback_topic,
                     const std::string& payload) {
    return publish(reply_message(request, fallback_topic, payload));
}

void MqttLink::stop() {
    Impl& impl = *impl_;
    {
        std::lock_guard lock(impl.mutex);
        if (!impl.started || impl.stopping) return;
        impl.stopping = true;
    }
    impl.wake.notify_one();
    // No handler runs after this join, so a reply in progress finishes first.
    if (impl.consumer.joinable()) impl.consumer.join();
    if (!impl.options.status_topic.empty()) {
        impl.send(mqtt::make_message(impl.options.status_topic, impl.options.offline_payload, kQos,
                                     true));
    }
    try {
        // Also ends automatic reconnection when the broker is away.
        impl.client.disconnect()->wait_for(kBrokerTimeout);
    } catch (const mqtt::exception&) {
        // Already disconnected: nothing left to close.
    }
    impl.set_connected(false);
}

}  // namespace guichet::protocol
