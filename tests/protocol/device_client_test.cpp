// DeviceClient against a real mosquitto: request/reply, retries, routing.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <set>

#include "protocol/codec.h"
#include "protocol/device_client.h"
#include "tests/protocol/inbox.h"
#include "tests/support/broker.h"

using namespace guichet::protocol;
using guichet::test::Broker;
using guichet::test::Inbox;
using guichet::test::kPatience;

namespace {

constexpr const char* kSite = "mairie-11";

// Stands for the controller: answers ticket.take after ignoring the first
// `ignored_attempts` attempts of each request id.
class Responder {
  public:
    Responder(const Broker& broker, int ignored_attempts)
        : topics_(kSite),
          ignored_attempts_(ignored_attempts),
          link_(options(broker), [this](const Message& m) { answer(m); }) {
        link_.start();  // not waited for here: see the Paho note in docs/protocol.md
    }

    bool wait_connected() { return link_.wait_connected(kPatience); }

    std::map<std::string, std::vector<std::string>> attempts() {
        std::lock_guard lock(mutex_);
        return attempts_;
    }

  private:
    LinkOptions options(const Broker& broker) {
        LinkOptions o;
        o.server_uri = broker.uri();
        o.client_id = "controller";
        o.subscriptions = {topics_.all_device_requests()};
        return o;
    }

    void answer(const Message& message) {
        const auto decoded = decode_request(message.payload);
        const auto& request = std::get<Request>(decoded);
        {
            std::lock_guard lock(mutex_);
            auto& seen = attempts_[request.id];
            seen.push_back(message.payload);
            if (static_cast<int>(seen.size()) <= ignored_attempts_) return;
        }
        Reply reply;
        reply.id = request.id;
        reply.ticket = TicketView{"A001",      "etat-civil", "2026-03-16T08:31:00+01:00",
                                  false,       "waiting",    0,
                                  0,           std::nullopt, std::nullopt,
                                  std::nullopt};
        const auto device = topics_.parse_device_topic(message.topic);
        link_.reply(message, topics_.device_rsp(device->device), encode_reply(reply));
    }

    Topics topics_;
    int ignored_attempts_;
    std::mutex mutex_;
    std::map<std::string, std::vector<std::string>> attempts_;
    MqttLink link_;
};

DeviceClientOptions device_options(const Broker& broker, const std::string& device) {
    DeviceClientOptions o;
    o.server_uri = broker.uri();
    o.site = kSite;
    o.device = device;
    o.role = "dispenser";
    o.version = "0.1.0";
    o.retry_every = std::chrono::milliseconds(200);
    o.give_up_after = kPatience;
    return o;
}

}  // namespace

TEST_CASE("a request unanswered at first is re-sent with the same id until answered",
          "[device_client]") {
    Broker broker;
    Responder controller(broker, 1);
    Inbox other_messages;
    DeviceClient client(device_options(broker, "disp-1"), other_messages.handler());
    client.start();
    REQUIRE(client.wait_connected(kPatience));
    REQUIRE(controller.wait_connected());

    const Request request{client.next_id(), TicketTake{"etat-civil", false, "fr"}};
    const auto reply = client.request(request);
    REQUIRE(reply);
    CHECK(reply->id == request.id);
    CHECK(reply->ok);
    REQUIRE(reply->ticket);
    CHECK(reply->ticket->number == "A001");

    const auto attempts = controller.attempts();
    REQUIRE(attempts.size() == 1);  // one id for every attempt
    const auto& sent = attempts.at(request.id);
    CHECK(sent.size() >= 2);
    CHECK(std::set<std::string>(sent.begin(), sent.end()).size() == 1);  // identical payloads
    // Replies are consumed by request(), never handed to on_message.
    for (const auto& m : other_messages.all())
        CHECK(m.topic != client.topics().device_rsp("disp-1"));
}

TEST_CASE("a request nobody answers gives up after give_up_after", "[device_client]") {
    Broker broker;
    Responder deaf(broker, 1000);
    auto options = device_options(broker, "disp-2");
    options.give_up_after = std::chrono::milliseconds(700);
    DeviceClient client(options);
    client.start();
    REQUIRE(client.wait_connected(kPatience));
    REQUIRE(deaf.wait_connected());
    CHECK_FALSE(client.request(Request{client.next_id(), CallNext{}}));
    CHECK_FALSE(deaf.attempts().empty());
}

TEST_CASE("a device client publishes its retained status and routes other messages",
          "[device_client]") {
    Broker broker;
    Inbox inbox;
    auto options = device_options(broker, "screen-1");
    options.role = "screen";
    const Topics topics(kSite);
    options.extra_subscriptions = {topics.board(), topics.device_status("screen-1")};
    DeviceClient client(options, inbox.handler());
    client.start();
    REQUIRE(client.wait_connected(kPatience));

    const auto status = inbox.wait_for(topics.device_status("screen-1"));
    REQUIRE(status);
    const auto decoded = decode_device_status(status->payload);
    REQUIRE(std::holds_alternative<DeviceStatus>(decoded));
    CHECK(std::get<DeviceStatus>(decoded).state == "online");
    CHECK(std::get<DeviceStatus>(decoded).role == "screen");

    CHECK(client.link().publish(topics.board(), "{}", true));
    CHECK(inbox.wait_for(topics.board(), "{}"));
}

TEST_CASE(
    "a client speaking for a running device gets its answer without disconnecting the device or "
    "touching its status",
    "[device_client]") {
    Broker broker;
    Responder controller(broker, 0);
    const Topics topics(kSite);
    auto device_side = device_options(broker, "disp-3");
    device_side.extra_subscriptions = {topics.device_status("disp-3")};
    Inbox status;
    DeviceClient device(device_side, status.handler());
    device.start();
    REQUIRE(device.wait_connected(kPatience));
    REQUIRE(controller.wait_connected());
    REQUIRE(status.wait_for(topics.device_status("disp-3")));
    {
        auto tool_side = device_options(broker, "disp-3");
        tool_side.announce_presence = false;
        DeviceClient tool(tool_side);
        tool.start();
        REQUIRE(tool.wait_connected(kPatience));
        const auto reply =
            tool.request(Request{tool.next_id(), TicketTake{"etat-civil", false, "fr"}});
        REQUIRE(reply);
        CHECK(reply->ok);
    }
    // Its own client id: the device's session was not taken over. No status of its own: the
    // device is still "online", never "offline" or "lost".
    CHECK(device.link().connected());
    CHECK(device.request(Request{device.next_id(), TicketTake{"etat-civil", false, "fr"}}));
    for (const auto& m : status.all()) {
        const auto decoded = decode_device_status(m.payload);
        REQUIRE(std::holds_alternative<DeviceStatus>(decoded));
        CHECK(std::get<DeviceStatus>(decoded).state == "online");
    }
}

TEST_CASE("request ids are unique, carry the device id and fit in 64 characters",
          "[device_client]") {
    Broker broker;
    DeviceClient a(device_options(broker, std::string(32, 'd')));
    DeviceClient b(device_options(broker, std::string(32, 'd')));
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) {
        ids.insert(a.next_id());
        ids.insert(b.next_id());
    }
    CHECK(ids.size() == 200);
    for (const auto& id : ids) {
        CHECK(id.rfind(std::string(32, 'd') + "-", 0) == 0);
        CHECK(id.size() <= 64);
    }
}
