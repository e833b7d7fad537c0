// MqttLink against a real mosquitto on a free loopback port.
#include <mqtt/async_client.h>
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>

#include "protocol/mqtt_link.h"
#include "protocol/topics.h"
#include "tests/protocol/inbox.h"
#include "tests/support/broker.h"
#include "tests/support/temp_dir.h"

using namespace guichet::protocol;
using guichet::test::Broker;
using guichet::test::ConnectionLog;
using guichet::test::Inbox;
using guichet::test::kPatience;

namespace {

LinkOptions options_for(const Broker& broker, const std::string& client_id,
                        std::vector<std::string> subscriptions = {}) {
    LinkOptions options;
    options.server_uri = broker.uri();
    options.client_id = client_id;
    options.subscriptions = std::move(subscriptions);
    return options;
}

LinkOptions with_status(LinkOptions options, const std::string& status_topic) {
    options.status_topic = status_topic;
    options.online_payload = "online";
    options.will_payload = "lost";
    options.offline_payload = "offline";
    return options;
}

// The retained message on `topic` as a newly connected client sees it.
std::optional<Message> retained_on(const Broker& broker, const std::string& topic) {
    Inbox inbox;
    MqttLink observer(options_for(broker, "observer-" + std::to_string(::getpid()), {topic}),
                      inbox.handler());
    observer.start();
    return inbox.wait_for(topic);
}

// Runs tests/protocol/link_child.cpp; returns its pid once its link is up.
pid_t spawn_link_child(const Broker& broker, const std::string& status_topic) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const std::string uri = broker.uri();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::execl(GUICHET_LINK_CHILD, GUICHET_LINK_CHILD, uri.c_str(), "child-device",
                status_topic.c_str(), nullptr);
        ::_exit(127);
    }
    ::close(out[1]);
    FILE* from_child = ::fdopen(out[0], "r");
    char line[32] = {};
    const bool ready = std::fgets(line, sizeof line, from_child) != nullptr;
    std::fclose(from_child);
    REQUIRE(ready);
    REQUIRE(std::string(line) == "connected\n");
    return pid;
}

// A subscriber to guichet/test/# and a publisher, both connected.
struct PublisherAndSubscriber {
    explicit PublisherAndSubscriber(const Broker& broker)
        : subscriber(options_for(broker, "sub", {"guichet/test/#"}), inbox.handler()),
          publisher(options_for(broker, "pub"), {}) {
        // Started together: see the Paho C 1.3.12 note in docs/protocol.md.
        subscriber.start();
        publisher.start();
        REQUIRE(subscriber.wait_connected(kPatience));
        REQUIRE(publisher.wait_connected(kPatience));
    }
    Inbox inbox;
    MqttLink subscriber;
    MqttLink publisher;
};

}  // namespace

TEST_CASE("a message published on one link reaches a subscriber on another", "[mqtt]") {
    Broker broker;
    PublisherAndSubscriber links(broker);

    CHECK(links.publisher.publish("guichet/test/a", "bonjour"));
    const auto received = links.inbox.wait_for("guichet/test/a");
    REQUIRE(received);
    CHECK(received->payload == "bonjour");
    CHECK_FALSE(received->retained);
    CHECK(received->response_topic.empty());
}

TEST_CASE("status is retained online while connected and offline after a clean stop", "[mqtt]") {
    Broker broker;
    MqttLink device(with_status(options_for(broker, "disp-1"), "st/disp-1"), {});
    device.start();
    REQUIRE(device.wait_connected(kPatience));
    CHECK(device.connected());

    const auto online = retained_on(broker, "st/disp-1");
    REQUIRE(online);
    CHECK(online->payload == "online");
    CHECK(online->retained);

    device.stop();
    CHECK_FALSE(device.connected());
    const auto offline = retained_on(broker, "st/disp-1");
    REQUIRE(offline);
    CHECK(offline->payload == "offline");
}

TEST_CASE("a killed process's link leaves its will: status lost", "[mqtt]") {
    Broker broker;
    Inbox inbox;
    MqttLink observer(options_for(broker, "observer", {"st/child"}), inbox.handler());
    observer.start();
    REQUIRE(observer.wait_connected(kPatience));

    const pid_t child = spawn_link_child(broker, "st/child");
    CHECK(inbox.wait_for("st/child", "online"));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);

    CHECK(inbox.wait_for("st/child", "lost"));
    const auto retained = retained_on(broker, "st/child");
    REQUIRE(retained);
    CHECK(retained->payload == "lost");
}

TEST_CASE("publishing fails instead of queueing while disconnected", "[mqtt]") {
    Broker broker;
    MqttLink never_started(options_for(broker, "idle"), {});
    CHECK_FALSE(never_started.connected());
    CHECK_FALSE(never_started.publish("guichet/test/a", "x"));

    ConnectionLog log;
    MqttLink link(options_for(broker, "cut"), {}, log.handler());
    link.start();
    REQUIRE(log.wait_connects(1));
    CHECK(link.publish("guichet/test/a", "x"));
    broker.stop();
    REQUIRE(log.wait_losses(1));
    CHECK_FALSE(link.connected());
    CHECK_FALSE(link.publish("guichet/test/a", "x"));
}

TEST_CASE("a link started before its broker connects once the broker is up", "[mqtt]") {
    Broker broker;
    broker.stop();
    MqttLink link(options_for(broker, "early"), {});
    link.start();
    CHECK_FALSE(link.wait_connected(std::chrono::milliseconds(300)));
    broker.restart();
    CHECK(link.wait_connected(kPatience));
}

TEST_CASE("after a broker restart the link reconnects, resubscribes and is online again",
          "[mqtt]") {
    Broker broker;
    Inbox inbox;
    ConnectionLog log;
    MqttLink link(
        with_status(options_for(broker, "screen-1", {"guichet/test/board"}), "st/screen-1"),
        inbox.handler(), log.handler());
    link.start();
    REQUIRE(log.wait_connects(1));

    broker.restart();  // the broker keeps no subscriptions nor retained messages
    REQUIRE(log.wait_losses(1));
    REQUIRE(log.wait_connects(2));

    MqttLink publisher(options_for(broker, "pub"), {});
    publisher.start();
    REQUIRE(publisher.wait_connected(kPatience));
    CHECK(publisher.publish("guichet/test/board", "after restart"));
    CHECK(inbox.wait_for("guichet/test/board", "after restart"));
    const auto status = retained_on(broker, "st/screen-1");
    REQUIRE(status);
    CHECK(status->payload == "online");
}

TEST_CASE("reply goes to the Response Topic and echoes the Correlation Data", "[mqtt]") {
    Broker broker;
    const Topics topics("mairie-11");
    Inbox seen_by_responder;
    MqttLink* responder_link = nullptr;
    MqttLink responder(options_for(broker, "controller", {topics.all_device_requests()}),
                       [&](const Message& request) {
                           seen_by_responder.handler()(request);
                           const auto device = topics.parse_device_topic(request.topic);
                           responder_link->reply(request, topics.device_rsp(device->device),
                                                 "pong:" + request.payload);
                       });
    responder_link = &responder;
    Inbox inbox;
    const std::string answers = topics.prefix() + "dev/k1/answers";
    MqttLink device(options_for(broker, "k1", {answers, topics.device_rsp("k1")}), inbox.handler());
    responder.start();
    device.start();
    REQUIRE(responder.wait_connected(kPatience));
    REQUIRE(device.wait_connected(kPatience));
    const std::string correlation("corr\0\x01\xff", 7);  // binary, not text
    CHECK(device.publish(Message{topics.device_req("k1"), "ping", false, answers, correlation}));

    const auto answer = inbox.wait_for(answers);
    REQUIRE(answer);
    CHECK(answer->payload == "pong:ping");
    CHECK(answer->correlation_data == correlation);
    const auto request = seen_by_responder.wait_for(topics.device_req("k1"));
    REQUIRE(request);
    CHECK(request->response_topic == answers);
    // Nothing went to the fallback topic.
    for (const auto& m : inbox.all()) CHECK(m.topic != topics.device_rsp("k1"));
}

TEST_CASE("an MQTT 3.1.1 device gets its reply on dev/<device>/rsp", "[mqtt]") {
    Broker broker;
    const Topics topics("mairie-11");
    MqttLink* responder_link = nullptr;
    std::string response_topic_seen = "unset";
    MqttLink responder(options_for(broker, "controller", {topics.all_device_requests()}),
                       [&](const Message& request) {
                           response_topic_seen = request.response_topic;
                           const auto device = topics.parse_device_topic(request.topic);
                           responder_link->reply(request, topics.device_rsp(device->device),
                                                 "pong:" + request.payload);
                       });
    responder_link = &responder;

    mqtt::async_client old_device(broker.uri(), "old-kiosk");  // default: MQTT 3.1.1
    const auto options = mqtt::connect_options_builder()
                             .mqtt_version(MQTTVERSION_3_1_1)
                             .clean_session(true)
                             .finalize();
    old_device.start_consuming();
    const auto connecting = old_device.connect(options);
    responder.start();
    REQUIRE(responder.wait_connected(kPatience));
    connecting->wait();
    old_device.subscribe(topics.device_rsp("old-kiosk"), 1)->wait();
    old_device.publish(topics.device_req("old-kiosk"), "ping", 4, 1, false)->wait();

    const auto answer = old_device.try_consume_message_for(kPatience);
    REQUIRE(answer);
    CHECK(answer->get_topic() == topics.device_rsp("old-kiosk"));
    CHECK(answer->get_payload_str() == "pong:ping");
    CHECK(response_topic_seen.empty());
    old_device.disconnect()->wait();
}

TEST_CASE("a publish the broker's ACL refuses returns false", "[mqtt]") {
    guichet::test::TempDir auth("guichet-acl");
    guichet::test::write_file(auth / "passwd", "disp-1:secret\n");
    REQUIRE(std::system(("mosquitto_passwd -U " + (auth / "passwd").string()).c_str()) == 0);
    guichet::test::write_file(auth / "acl",
                              "user disp-1\ntopic write guichet/v1/mairie-11/dev/disp-1/#\n");
    Broker broker(auth.path().string());
    const Topics topics("mairie-11");

    LinkOptions options = options_for(broker, "disp-1");
    options.username = "disp-1";
    options.password = "secret";
    MqttLink device(options, {});
    device.start();
    REQUIRE(device.wait_connected(kPatience));
    CHECK(device.publish(topics.device_req("disp-1"), "{}"));
    CHECK_FALSE(device.publish(topics.device_req("disp-2"), "{}"));
    CHECK(device.connected());  // a refusal is not a disconnection
    // In a batch, a refusal is counted out and the rest still go.
    CHECK(device.publish_all({{topics.device_req("disp-1"), "1", false, {}, {}},
                              {topics.device_req("disp-2"), "2", false, {}, {}},
                              {topics.device_req("disp-1"), "3", false, {}, {}}}) == 2);
}

TEST_CASE("publish_all delivers a batch larger than the in-flight window, in order", "[mqtt]") {
    Broker broker;
    PublisherAndSubscriber links(broker);

    // Beyond mosquitto's default Receive Maximum (20) several times over.
    std::vector<Message> batch;
    for (int i = 0; i < 100; ++i)
        batch.push_back({"guichet/test/n", std::to_string(i), false, {}, {}});
    CHECK(links.publisher.publish_all(batch) == batch.size());
    REQUIRE(links.inbox.wait_for("guichet/test/n", "99"));
    const auto received = links.inbox.all();
    REQUIRE(received.size() == batch.size());
    for (std::size_t i = 0; i < received.size(); ++i)
        CHECK(received[i].payload == batch[i].payload);
}

TEST_CASE("a Response Topic outside the device's own folder is not honoured", "[mqtt]") {
    Broker broker;
    const Topics topics("mairie-11");
    MqttLink* responder_link = nullptr;
    MqttLink responder(options_for(broker, "controller", {topics.all_device_requests()}),
                       [&](const Message& request) {
                           const auto device = topics.parse_device_topic(request.topic);
                           responder_link->reply(request, topics.device_rsp(device->device),
                                                 "pong");
                       });
    responder_link = &responder;
    Inbox inbox;
    MqttLink device(options_for(broker, "k2", {topics.board(), topics.device_rsp("k2")}),
                    inbox.handler());
    responder.start();
    device.start();
    REQUIRE(responder.wait_connected(kPatience));
    REQUIRE(device.wait_connected(kPatience));

    // A device trying to make the controller write the board for it.
    CHECK(device.publish(Message{topics.device_req("k2"), "ping", false, topics.board(), "c-1"}));
    const auto answer = inbox.wait_for(topics.device_rsp("k2"));
    REQUIRE(answer);
    CHECK(answer->payload == "pong");
    CHECK(answer->correlation_data == "c-1");
    for (const auto& m : inbox.all()) CHECK(m.topic != topics.board());
}
