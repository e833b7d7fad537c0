// The controller is killed with SIGKILL at random moments while devices keep
// sending requests; after every restart nothing acknowledged may be lost,
// no number may be issued twice, and the board must come back as it was.
#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "controller/config/site_time.h"
#include "controller/daemon/site_controller.h"
#include "tests/integration/raw_device.h"
#include "tests/support/test_site.h"

using namespace guichet;

namespace {

struct Acknowledged {
    std::mutex mutex;
    std::map<std::string, std::string> number_of_request;  // "<device>/<id>" -> ticket number
    std::vector<std::string> failures;
};

void keep_taking(test::TestSite& site, const std::string& device_id, const std::string& service,
                 const std::atomic<bool>& stop, Acknowledged& acked) {
    protocol::DeviceClient device(site.device(device_id));
    device.start();
    while (!stop) {
        const std::string id = device.next_id();
        auto reply = device.request({id, protocol::TicketTake{service, false, "fr"}});
        std::lock_guard lock(acked.mutex);
        if (!reply) {
            acked.failures.push_back(device_id + "/" + id + ": no reply in 20 s");
        } else if (!reply->ok) {
            acked.failures.push_back(device_id + "/" + id + ": " + reply->error->code);
        } else {
            acked.number_of_request[device_id + "/" + id] = reply->ticket->number;
        }
    }
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses no acknowledged ticket and never reuses a number") {
    test::TestSite site;
    site.start_controller();
    Acknowledged acked;
    std::atomic<bool> stop{false};
    std::vector<std::thread> devices;
    devices.emplace_back([&] { keep_taking(site, "borne-1", "etat-civil", stop, acked); });
    devices.emplace_back([&] { keep_taking(site, "borne-2", "etat-civil", stop, acked); });
    devices.emplace_back([&] { keep_taking(site, "borne-3", "titres", stop, acked); });

    std::mt19937 random(20261123);
    std::uniform_int_distribution<int> pause_ms(20, 400);
    for (int round = 0; round < 20; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
        site.kill_controller(SIGKILL);
        site.start_controller();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    for (std::thread& t : devices) t.join();

    INFO(site.controller_log());
    CHECK(acked.failures.empty());
    for (const std::string& f : acked.failures) UNSCOPED_INFO(f);
    REQUIRE(acked.number_of_request.size() > 20);

    // Every acknowledged request is in the log exactly once, with the number it was given.
    site.stop_controller();
    auto loaded = config::load_site_config(site.config_path());
    const auto& config = std::get<config::SiteConfig>(loaded);
    store::EventStore store(site.store_path());
    std::map<std::string, int> issued;
    std::size_t issued_events = 0;
    store.replay([&](const store::StoredRecord& r) {
        if (r.type == "ticket.issued") {
            ++issued[r.data.at("number").get<std::string>()];
            ++issued_events;
        }
    });
    for (const auto& [number, count] : issued) {
        INFO(number);
        CHECK(count == 1);
    }
    CHECK(issued_events == acked.number_of_request.size());
    std::set<std::string> acknowledged_numbers;
    for (const auto& [request, number] : acked.number_of_request) {
        INFO(request);
        CHECK(issued.count(number) == 1);
        CHECK(acknowledged_numbers.insert(number).second);
    }

    // After a last restart the retained board is the replay of the log.
    site.start_controller();
    daemon::SiteController replayed(config, config::find_zone(config.timezone));
    replayed.restore(store);
    // The killed controller's last retained board may lag its log by up to one board period
    // (publications are coalesced); the restarted one republishes on connection.
    test::RawDevice screen(site.device("ecran-1"), {protocol::Topics("test-site").board()});
    protocol::BoardState published;
    for (int i = 0; i < 3; ++i) {
        auto m = screen.next(screen.topics().board());
        REQUIRE(m);
        auto board = protocol::decode_board(m->payload);
        REQUIRE(std::holds_alternative<protocol::BoardState>(board));
        published = std::get<protocol::BoardState>(board);
        if (published.services.size() == 2 &&
            published.services[0].waiting + published.services[1].waiting ==
                static_cast<int>(acked.number_of_request.size()))
            break;
    }
    const auto expected = replayed.board(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    REQUIRE(published.services.size() == expected.services.size());
    for (std::size_t i = 0; i < expected.services.size(); ++i)
        CHECK(published.services[i].waiting == expected.services[i].waiting);
    CHECK(published.services[0].waiting + published.services[1].waiting ==
          static_cast<int>(acked.number_of_request.size()));
}
