// A process holding one MqttLink, for the will test: a link destroyed inside
// the test process would not fire its will, a SIGKILLed process does.
// Usage: protocol_link_child <server-uri> <client-id> <status-topic>
// Prints "connected" once the link is up, then waits to be killed.
#include <cstdio>
#include <thread>

#include "protocol/mqtt_link.h"

int main(int argc, char** argv) {
    if (argc != 4) return 2;
    guichet::protocol::LinkOptions options;
    options.server_uri = argv[1];
    options.client_id = argv[2];
    options.status_topic = argv[3];
    options.online_payload = "online";
    options.will_payload = "lost";
    options.offline_payload = "offline";
    guichet::protocol::MqttLink link(options, [](const guichet::protocol::Message&) {});
    link.start();
    if (!link.wait_connected(std::chrono::seconds(10))) return 1;
    std::puts("connected");
    std::fflush(stdout);
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
}
