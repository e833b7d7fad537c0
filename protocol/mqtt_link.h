// The MQTT link: a thin adapter over Paho MQTT C++ (MQTT 5).
//
// Contract: the link connects in the background and reconnects by itself
// forever; subscriptions are renewed on every (re)connection, and the status
// topic gets `online_payload` (retained) each time, with `will_payload` as the
// broker-held will. Incoming messages are delivered one at a time on the
// link's single consumer thread: handlers must not block for long and must not
// call stop(). publish() may be called from any thread; while disconnected it
// fails (returns false) instead of queueing: callers own their retries.
// The handlers passed in must remain live until stop() returns or the link is
// destroyed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::protocol {

struct LinkOptions {
    std::string server_uri = "tcp://127.0.0.1:1883";
    std::string client_id;  // usually the device id ("controller" for the controller)
    std::string username;
    std::string password;
    std::string status_topic;  // retained status; empty = no will, no status
    std::string online_payload;
    std::string will_payload;
    std::string offline_payload;             // published on a clean stop()
    std::vector<std::string> subscriptions;  // QoS 1
    std::chrono::seconds keepalive{10};
};

struct Message {
    std::string topic;
    std::string payload;
    bool retained = false;
    std::string response_topic;    // MQTT 5 Response Topic, empty if none
    std::string correlation_data;  // MQTT 5 Correlation Data, echoed on the reply
};

class MqttLink {
  public:
    using MessageHandler = std::function<void(const Message&)>;
    using ConnectionHandler = std::function<void(bool connected)>;

    MqttLink(LinkOptions options, MessageHandler on_message, ConnectionHandler on_connection = {});
    ~MqttLink();  // same as stop()
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    void start();
    bool wait_connected(std::chrono::milliseconds timeout);
    bool connected() const;

    // QoS 1. Returns false when not connected or the broker refused it.
    bool publish(const std::string& topic, const std::string& payload, bool retained = false);
    // Same, carrying the message's MQTT 5 Response Topic and Correlation Data when set.
    bool publish(const Message& message);
    // Publishes `payload` to the request's Response Topic (echoing its
    // Correlation Data) when it has one, otherwise to `fallback_topic`.
    // A Response Topic outside the fallback's folder (dev/<device>/) is not
    // honoured: the fallback is used, so a device cannot borrow our rights.
    bool reply(const Message& request, const std::string& fallback_topic,
               const std::string& payload);
    // The message reply() would publish, for publish_all().
    static Message reply_message(const Message& request, const std::string& fallback_topic,
                                 const std::string& payload);
    // Publishes in order, several in flight at once (a batch of replies costs a
    // few broker round trips, not one each). Returns how many the broker accepted;
    // after a disconnection the rest are not sent.
    std::size_t publish_all(const std::vector<Message>& messages);

    // Publishes offline_payload (retained), disconnects cleanly, joins the consumer thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::protocol
