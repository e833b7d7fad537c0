// A device's side of request/reply: send a request, wait for its reply.
//
// Contract: request() publishes on dev/<device>/req with Response Topic
// dev/<device>/rsp, and re-sends the same request (same id) every
// `retry_every` until a reply with that id arrives or `give_up_after` passes
// (at-least-once; the controller answers a repeated id with the first reply).
// Thread-safe; several requests may be in flight. The link is owned.
// The device itself announces its presence: it connects with its id as MQTT
// client id and keeps dev/<device>/status (online, offline on stop, lost as its
// will). A one-shot tool speaking for a device that may be running elsewhere
// (`guichet take`) sets announce_presence = false: a client id of its own, no
// status, so it neither disconnects the device nor makes it look stopped.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "protocol/messages.h"
#include "protocol/mqtt_link.h"
#include "protocol/topics.h"

namespace guichet::protocol {

struct DeviceClientOptions {
    std::string server_uri;
    std::string site;
    std::string device;
    std::string password;
    std::string role;
    std::string version = "1";
    std::chrono::milliseconds retry_every{1000};
    std::chrono::milliseconds give_up_after{10000};
    std::vector<std::string> extra_subscriptions;  // e.g. the board, for screens
    bool announce_presence = true;
};

class DeviceClient {
  public:
    // on_message gets every message other than replies (board, calls, ...).
    DeviceClient(DeviceClientOptions options, MqttLink::MessageHandler on_message = {},
                 MqttLink::ConnectionHandler on_connection = {});
    ~DeviceClient();

    void start();
    bool wait_connected(std::chrono::milliseconds timeout);

    // A fresh unique request id ("<device>-<random>-<n>").
    std::string next_id();
    // nullopt when no reply came in time.
    std::optional<Reply> request(const Request& request);

    MqttLink& link();
    const Topics& topics() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::protocol
