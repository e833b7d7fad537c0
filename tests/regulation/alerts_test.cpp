#include "controller/regulation/alerts.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace guichet::regulation;
using guichet::engine::CounterState;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const Time kNine{seconds(1'800'000'000)};

Condition condition(const std::string& id, Level level = Level::warning, seconds hold = {}) {
    return {id, level, "phrase", hold, {}, {}, {}};
}

const Condition* find(const std::vector<Condition>& all, const std::string& id) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Condition& c) { return c.id == id; });
    return it == all.end() ? nullptr : &*it;
}

SiteObservation civil_status(int waiting, seconds longest) {
    SiteObservation site;
    site.now = kNine;
    ServiceObservation s;
    s.id = "etat-civil";
    s.label = "l'état civil";
    s.target_wait = minutes(20);
    s.waiting = waiting;
    s.longest_wait = longest;
    s.counters_open = 1;
    site.services.push_back(s);
    site.counters.push_back({"1", "Guichet 1", CounterState::open, true, {"etat-civil"}});
    return site;
}

}  // namespace

TEST_CASE("An alert is raised once, raised again after the re-raise time, then cleared",
          "[alerts]") {
    AlertTracker tracker(AlertSettings{.reraise_after = minutes(15)});
    const std::vector<Condition> holding{condition("wait_over_target:A")};

    auto events = tracker.update(holding, kNine);
    REQUIRE(events.size() == 1);
    CHECK(events[0].raised);
    CHECK_FALSE(events[0].repeat);

    CHECK(tracker.update(holding, kNine + minutes(1)).empty());
    CHECK(tracker.update(holding, kNine + minutes(14) + seconds(59)).empty());

    events = tracker.update(holding, kNine + minutes(15));
    REQUIRE(events.size() == 1);
    CHECK(events[0].raised);
    CHECK(events[0].repeat);
    CHECK(tracker.update(holding, kNine + minutes(16)).empty());

    events = tracker.update({}, kNine + minutes(20));
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].raised);
    CHECK(events[0].at == kNine + minutes(20));
    CHECK(tracker.active().empty());
    CHECK(tracker.update({}, kNine + minutes(21)).empty());

    // Wrong again later: a fresh alert.
    events = tracker.update(holding, kNine + minutes(30));
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].repeat);
}

TEST_CASE("A change of level is raised at once", "[alerts]") {
    AlertTracker tracker;
    tracker.update({condition("capacity", Level::warning)}, kNine);
    const auto events =
        tracker.update({condition("capacity", Level::critical)}, kNine + minutes(1));
    REQUIRE(events.size() == 1);
    CHECK(events[0].repeat);
    CHECK(events[0].condition.level == Level::critical);
}

TEST_CASE("A condition with a hold time is raised only after holding that long", "[alerts]") {
    AlertTracker tracker;
    const std::vector<Condition> idle{condition("counter_idle:3", Level::warning, minutes(3))};
    CHECK(tracker.update(idle, kNine).empty());
    CHECK(tracker.update(idle, kNine + minutes(2)).empty());
    // Interrupted: the hold starts again.
    CHECK(tracker.update({}, kNine + minutes(2) + seconds(30)).empty());
    CHECK(tracker.update(idle, kNine + minutes(3)).empty());
    CHECK(tracker.update(idle, kNine + minutes(5)).empty());
    CHECK(tracker.update(idle, kNine + minutes(6)).size() == 1);
}

TEST_CASE("Waits over target are warnings, over twice the target critical", "[alerts]") {
    auto found = conditions(civil_status(4, minutes(25)), {});
    REQUIRE(find(found, "wait_over_target:etat-civil"));
    CHECK(find(found, "wait_over_target:etat-civil")->level == Level::warning);
    CHECK(find(found, "wait_over_target:etat-civil")->message ==
          "Attente la plus longue pour l'état civil : 25 min (objectif 20 min).");

    found = conditions(civil_status(4, minutes(41)), {});
    CHECK(find(found, "wait_over_target:etat-civil")->level == Level::critical);

    CHECK(conditions(civil_status(4, minutes(20)), {}).empty());
}

TEST_CASE("Estimate, staffing and cut-off conditions of a service", "[alerts]") {
    SiteObservation site = civil_status(6, minutes(5));
    site.services[0].newest_estimate = minutes(31);
    site.services[0].counters_needed = 2;
    site.services[0].past_cutoff = true;
    const auto found = conditions(site, {});
    REQUIRE(find(found, "estimate_over_target:etat-civil"));
    REQUIRE(find(found, "staffing:etat-civil"));
    CHECK(find(found, "staffing:etat-civil")->message ==
          "Ouvrir un guichet de plus pour l'état civil (1 ouvert(s), 2 conseillé(s)).");
    REQUIRE(find(found, "cutoff:etat-civil"));
    CHECK(find(found, "cutoff:etat-civil")->level == Level::info);
}

TEST_CASE("A counter idle or paused alerts only while its services have people waiting",
          "[alerts]") {
    SiteObservation site = civil_status(3, minutes(5));
    site.counters[0].serving = false;
    auto found = conditions(site, AlertSettings{.idle_grace = minutes(4)});
    REQUIRE(find(found, "counter_idle:1"));
    CHECK(find(found, "counter_idle:1")->hold == minutes(4));
    CHECK(find(found, "counter_idle:1")->message ==
          "Guichet 1 est ouvert sans appeler alors que 3 personnes attendent.");

    site.counters[0].state = CounterState::paused;
    found = conditions(site, {});
    CHECK(find(found, "counter_paused:1"));
    CHECK_FALSE(find(found, "counter_idle:1"));

    site.services[0].waiting = 0;
    CHECK(conditions(site, {}).empty());
}

TEST_CASE("Dispensers out of paper or lost, and a room near capacity", "[alerts]") {
    SiteObservation site = civil_status(0, minutes(0));
    site.devices = {
        {"borne-1", false, "out"}, {"borne-2", true, "ok"}, {"borne-3", false, "near_end"}};
    site.capacity = 50;
    site.occupancy = 45;
    const auto found = conditions(site, {});
    CHECK(find(found, "paper:borne-1")->level == Level::critical);
    CHECK(find(found, "device_lost:borne-2")->level == Level::critical);
    CHECK(find(found, "paper:borne-3")->level == Level::warning);
    CHECK(find(found, "capacity")->level == Level::warning);
    site.occupancy = 50;
    CHECK(find(conditions(site, {}), "capacity")->level == Level::critical);
    site.occupancy = 44;
    CHECK_FALSE(find(conditions(site, {}), "capacity"));

    site.devices = {{"borne-1", false, "ok", true}};  // stopped on purpose
    CHECK(find(conditions(site, {}), "device_stopped:borne-1")->level == Level::warning);
    CHECK_FALSE(find(conditions(site, {}), "device_lost:borne-1"));
    site.open = false;
    CHECK(conditions(site, {}).empty());
}

TEST_CASE("An alert event becomes the protocol's alert message", "[alerts]") {
    Condition c = condition("paper:borne-1", Level::critical);
    c.device = "borne-1";
    const auto raised = to_message({c, true, false, kNine}, "2027-01-15T09:00:00+01:00");
    CHECK(raised.id == "paper:borne-1");
    CHECK(raised.level == "critical");
    CHECK(raised.state == "raised");
    CHECK(raised.device == "borne-1");
    CHECK(raised.at == "2027-01-15T09:00:00+01:00");
    CHECK(to_message({c, false, false, kNine}, "x").state == "cleared");
}
