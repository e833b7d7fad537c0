// Alerts through the real controller and broker: what a manager receives on
// event/alert and what the log keeps for the daily report.
#include <catch2/catch.hpp>

#include <csignal>

#include "protocol/device_client.h"
#include "tests/support/alert_watch.h"
#include "tests/support/test_site.h"

using namespace guichet;

namespace {

using Records = std::vector<std::pair<std::string, std::string>>;

bool accepted(protocol::DeviceClient& device, protocol::Operation op) {
    const auto reply = device.request({device.next_id(), std::move(op)});
    return reply && reply->ok;
}

// The log's records about one alert.
Records about(const std::string& id, const Records& all) {
    Records out;
    for (const auto& r : all)
        if (r.second == id) out.push_back(r);
    return out;
}

// A running site (controller started with `args`), a manager watching its
// alerts, dispenser borne-1 and counter poste-1 connected.
struct WatchedSite {
    explicit WatchedSite(const std::vector<std::string>& args = {}) {
        site.start_controller(args);
        dispenser.start();
        counter.start();
        REQUIRE(dispenser.wait_connected(std::chrono::seconds(10)));
    }
    // Its printer telemetry (retained, as guichet-dispenser publishes it).
    bool paper(const std::string& state) {
        return dispenser.link().publish(
            dispenser.topics().device_telemetry("borne-1"),
            R"({"paper":")" + state + R"(","cover":"closed","online":true})", true);
    }
    test::TestSite site;
    test::AlertWatch alerts{site.broker().uri(), "test-site", "poste-1", "poste-1-pw"};
    protocol::DeviceClient dispenser{site.device("borne-1")};
    protocol::DeviceClient counter{site.device("poste-1")};
};

// 120× site time from a Monday 10:00: the minutes alerts wait for pass in seconds.
const std::vector<std::string> kAccelerated = {"--start", "2026-11-23T10:00", "--speed", "120"};

}  // namespace

TEST_CASE("A counter paused while a visitor waits is an alert, resolved when it calls again",
          "[alerts]") {
    WatchedSite s(kAccelerated);  // the 10 minutes a pause is tolerated pass in 5 s
    auto& [site, alerts, dispenser, counter] = s;

    REQUIRE(accepted(counter, protocol::CounterOpen{}));
    REQUIRE(accepted(counter, protocol::CounterPause{}));
    REQUIRE(accepted(dispenser, protocol::TicketTake{"etat-civil", false, "fr"}));
    const auto raised = alerts.wait("counter_paused:1", "raised");
    REQUIRE(raised);
    CHECK(raised->level == "warning");
    CHECK(raised->counter == "1");
    CHECK(raised->message == "Guichet 1 est en pause alors que 1 personne attend.");

    REQUIRE(accepted(counter, protocol::CounterOpen{}));
    REQUIRE(accepted(counter, protocol::CallNext{}));
    const auto cleared = alerts.wait("counter_paused:1", "cleared");
    REQUIRE(cleared);
    CHECK(cleared->message == "Résolu : Guichet 1 est en pause alors que 1 personne attend.");
    CHECK(about("counter_paused:1", test::logged_alerts(site.store_path())) ==
          Records{{"alert.raised", "counter_paused:1"}, {"alert.resolved", "counter_paused:1"}});
}

TEST_CASE("A dispenser reporting no paper is an alert until its paper is back", "[alerts]") {
    WatchedSite s;
    REQUIRE(s.paper("out"));
    const auto raised = s.alerts.wait("paper:borne-1", "raised");
    REQUIRE(raised);
    CHECK(raised->level == "critical");
    CHECK(raised->device == "borne-1");
    CHECK(raised->message == "Le distributeur borne-1 n'a plus de papier.");

    REQUIRE(s.paper("ok"));
    REQUIRE(s.alerts.wait("paper:borne-1", "cleared"));
    CHECK(test::logged_alerts(s.site.store_path()) ==
          Records{{"alert.raised", "paper:borne-1"}, {"alert.resolved", "paper:borne-1"}});
}

TEST_CASE("After a restart an alert still true is continued, not raised a second time",
          "[alerts]") {
    WatchedSite s;
    REQUIRE(s.paper("out"));
    REQUIRE(s.alerts.wait("paper:borne-1", "raised"));

    s.site.kill_controller(SIGKILL);
    s.site.start_controller();  // the retained telemetry still says "out"
    REQUIRE(s.alerts.wait("paper:borne-1", "raised"));
    CHECK(test::logged_alerts(s.site.store_path()) ==
          Records{{"alert.raised", "paper:borne-1"}, {"alert.repeated", "paper:borne-1"}});
}

TEST_CASE("Visitors waiting with too few counters open get the staffing advice on event/alert",
          "[alerts]") {
    WatchedSite s(kAccelerated);  // the 5 minutes the advice waits for pass in 2.5 s
    auto& [site, alerts, dispenser, counter] = s;

    // Guichet 1 is the only counter for état civil, and it is closed.
    REQUIRE(accepted(dispenser, protocol::TicketTake{"etat-civil", false, "fr"}));
    const auto raised = alerts.wait("staffing:etat-civil", "raised");
    REQUIRE(raised);
    CHECK(raised->level == "warning");
    CHECK(raised->service == "etat-civil");
    CHECK(raised->message ==
          "Ouvrir un guichet de plus pour État civil (0 ouvert(s), 1 conseillé(s)).");

    REQUIRE(accepted(counter, protocol::CounterOpen{}));
    REQUIRE(alerts.wait("staffing:etat-civil", "cleared"));
    CHECK(about("staffing:etat-civil", test::logged_alerts(site.store_path())) ==
          Records{{"alert.raised", "staffing:etat-civil"},
                  {"alert.resolved", "staffing:etat-civil"}});
}
