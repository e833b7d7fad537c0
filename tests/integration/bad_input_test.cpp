#include <catch2/catch.hpp>

#include "tests/integration/raw_device.h"
#include "tests/support/test_site.h"

using namespace guichet;

namespace {

std::string code_for(test::RawDevice& device, const std::string& payload) {
    REQUIRE(device.send(payload));
    auto reply = device.reply();
    REQUIRE(reply);
    REQUIRE_FALSE(reply->ok);
    REQUIRE(reply->error);
    CHECK_FALSE(reply->error->message.empty());
    return reply->error->code;
}

}  // namespace

TEST_CASE(
    "malformed, mistyped, incomplete, unknown and oversize requests each get the right error") {
    test::TestSite site;
    site.start_controller();
    test::RawDevice dispenser(site.device("borne-1"));

    CHECK(code_for(dispenser, "{this is not json") == "bad_request");
    CHECK(code_for(dispenser, "[1,2,3]") == "bad_request");
    CHECK(code_for(dispenser, R"({"id":"t1","op":"ticket.take","service":7})") == "bad_request");
    CHECK(code_for(dispenser, R"({"id":"t2","op":"ticket.take"})") == "bad_request");
    CHECK(code_for(dispenser, R"({"op":"ticket.take","service":"etat-civil"})") == "bad_request");
    CHECK(code_for(dispenser, R"({"id":"t3","op":"ticket.teleport"})") == "unknown_op");
    CHECK(code_for(dispenser, R"({"id":"t4","op":"ticket.take","service":"piscine"})") ==
          "unknown_service");
    CHECK(code_for(dispenser, R"({"id":"t5","op":"call.next"})") == "not_allowed");
    const std::string big = R"({"id":"t6","op":"ticket.take","service":"etat-civil","lang":")" +
                            std::string(9000, 'x') + R"("})";
    CHECK(code_for(dispenser, big) == "bad_request");

    // The controller keeps serving.
    REQUIRE(dispenser.send(R"({"id":"t7","op":"ticket.take","service":"etat-civil"})"));
    auto reply = dispenser.reply();
    REQUIRE(reply);
    CHECK(reply->ok);
    CHECK(reply->ticket->number == "A001");
}

TEST_CASE("a counter operation sent by a dispenser id is refused with not_allowed") {
    test::TestSite site;
    site.start_controller();
    test::RawDevice dispenser(site.device("borne-2"));
    for (const char* op :
         {"counter.open", "call.next", "call.recall", "ticket.finish", "ticket.no_show"})
        CHECK(code_for(dispenser, std::string(R"({"id":")") + op + R"(","op":")" + op + R"("})") ==
              "not_allowed");
}

TEST_CASE("the broker refuses a device publishing into another device's subtree") {
    test::TestSite site;
    site.start_controller();
    test::RawDevice intruder(site.device("borne-1"));
    test::RawDevice victim(site.device("borne-2"));
    // borne-1 pretends to be borne-2: the broker drops it, so no ticket is issued and no reply
    // comes.
    intruder.publish(intruder.topics().device_req("borne-2"),
                     R"({"id":"spoof","op":"ticket.take","service":"etat-civil"})");
    CHECK_FALSE(victim.reply(std::chrono::milliseconds(1500)));
    // borne-1 may not read borne-2's replies either.
    REQUIRE(victim.send(R"({"id":"real","op":"ticket.take","service":"etat-civil"})"));
    auto reply = victim.reply();
    REQUIRE(reply);
    CHECK(reply->ticket->number == "A001");  // the spoofed request never reached the controller
    CHECK_FALSE(
        intruder.next(intruder.topics().device_rsp("borne-2"), std::chrono::milliseconds(300)));
}

TEST_CASE("a device with a wrong password cannot connect at all") {
    test::TestSite site;
    auto options = site.device("borne-1");
    options.password = "guess";
    protocol::DeviceClient device(options);
    device.start();
    CHECK_FALSE(device.wait_connected(std::chrono::milliseconds(1500)));
}
