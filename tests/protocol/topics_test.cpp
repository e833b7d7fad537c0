#include <catch2/catch.hpp>

#include "protocol/topics.h"

using namespace guichet::protocol;

TEST_CASE("ids are 1 to 32 lowercase letters, digits or hyphens, not starting with a hyphen",
          "[topics]") {
    CHECK(is_valid_id("mairie-11"));
    CHECK(is_valid_id("3"));
    CHECK(is_valid_id(std::string(32, 'a')));
    CHECK_FALSE(is_valid_id(""));
    CHECK_FALSE(is_valid_id(std::string(33, 'a')));
    CHECK_FALSE(is_valid_id("-guichet"));
    CHECK_FALSE(is_valid_id("Mairie"));
    CHECK_FALSE(is_valid_id("a/b"));
    CHECK_FALSE(is_valid_id("a+"));
    CHECK_FALSE(is_valid_id("a#"));
    CHECK_FALSE(is_valid_id("a_b"));
    CHECK_FALSE(is_valid_id("é"));
}

TEST_CASE("a site with an invalid id is refused", "[topics]") {
    CHECK_THROWS_AS(Topics("Mairie 11"), std::invalid_argument);
    CHECK_THROWS_AS(Topics(""), std::invalid_argument);
    CHECK_THROWS_AS(Topics("+"), std::invalid_argument);
}

TEST_CASE("every topic of protocol v1 sits under guichet/v1/<site>/", "[topics]") {
    const Topics t("mairie-11");
    CHECK(t.site() == "mairie-11");
    CHECK(t.prefix() == "guichet/v1/mairie-11/");
    CHECK(t.controller_status() == "guichet/v1/mairie-11/controller/status");
    CHECK(t.device_status("disp-1") == "guichet/v1/mairie-11/dev/disp-1/status");
    CHECK(t.device_req("disp-1") == "guichet/v1/mairie-11/dev/disp-1/req");
    CHECK(t.device_rsp("disp-1") == "guichet/v1/mairie-11/dev/disp-1/rsp");
    CHECK(t.device_telemetry("disp-1") == "guichet/v1/mairie-11/dev/disp-1/telemetry");
    CHECK(t.board() == "guichet/v1/mairie-11/state/board");
    CHECK(t.counter_state("3") == "guichet/v1/mairie-11/state/counter/3");
    CHECK(t.call_event() == "guichet/v1/mairie-11/event/call");
    CHECK(t.alert_event() == "guichet/v1/mairie-11/event/alert");
    CHECK(t.all_device_requests() == "guichet/v1/mairie-11/dev/+/req");
    CHECK(t.all_device_status() == "guichet/v1/mairie-11/dev/+/status");
    CHECK(t.all_device_telemetry() == "guichet/v1/mairie-11/dev/+/telemetry");
}

TEST_CASE("device topics parse back into device and kind", "[topics]") {
    const Topics t("mairie-11");
    const auto req = t.parse_device_topic(t.device_req("guichet-3"));
    REQUIRE(req);
    CHECK(req->device == "guichet-3");
    CHECK(req->kind == DeviceTopicKind::req);
    CHECK(t.parse_device_topic(t.device_rsp("d"))->kind == DeviceTopicKind::rsp);
    CHECK(t.parse_device_topic(t.device_status("d"))->kind == DeviceTopicKind::status);
    CHECK(t.parse_device_topic(t.device_telemetry("d"))->kind == DeviceTopicKind::telemetry);
}

TEST_CASE("anything but a well-formed device topic of this site does not parse", "[topics]") {
    const Topics t("mairie-11");
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-12/dev/d/req"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/dev/d/other"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/dev/d/req/extra"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/dev/d"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/dev//req"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/dev/BAD/req"));
    CHECK_FALSE(t.parse_device_topic("guichet/v1/mairie-11/state/board"));
    CHECK_FALSE(t.parse_device_topic(""));
}
