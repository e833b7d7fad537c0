// End to end: the end of a simulated afternoon through the real broker and controller, on the
// controller's virtual clock (15 h 50, 30 times real speed): estimates on tickets and on the
// board, a return time for a long wait, refusals after the cut-off, a counter serving the
// queue, and the day's report reading it all back from the log.
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "protocol/codec.h"
#include "tests/integration/raw_device.h"
#include "tests/support/test_site.h"

using namespace guichet;

namespace {

// The test site (always open) gets opening hours and a slow service with return times.
const char* kAfternoon = R"(
[[hours]]
days = ["mon", "tue", "wed", "thu", "fri"]
open = "08:30"
close = "17:00"

[[service]]
id = "casvp"
prefix = "C"
label = { fr = "Action sociale", en = "Social services" }
target_wait_min = 30
mean_service_min = 20
return_after_min = 30

[[counter]]
id = "3"
label = "Guichet 3"
services = ["casvp"]

[[device]]
id = "poste-3"
role = "counter"
counter = "3"
password = "poste-3-pw"
)";

protocol::Reply ask(protocol::DeviceClient& device, protocol::Operation op) {
    auto reply = device.request({device.next_id(), std::move(op)});
    REQUIRE(reply);
    return *reply;
}

const protocol::BoardService* find(const protocol::BoardState& b, const std::string& id) {
    for (const auto& s : b.services)
        if (s.id == id) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE(
    "An accelerated afternoon: estimates on the board, a return time, refusals after the "
    "cut-off, all in the day's report") {
    test::TestSite site(kAfternoon);
    // Monday 23 November 2026, 15 h 56: 64 virtual minutes before closing.
    site.start_controller({"--start", "2026-11-23T15:56", "--speed", "30"});
    protocol::DeviceClient dispenser(site.device("borne-1"));
    protocol::DeviceClient agent(site.device("poste-3"));
    dispenser.start();
    agent.start();
    test::RawDevice screen(site.device("ecran-1"), {protocol::Topics("test-site").board()});

    REQUIRE(ask(agent, protocol::CounterOpen{}).ok);
    protocol::DeviceClient counter1(site.device("poste-1"));
    counter1.start();
    REQUIRE(ask(counter1, protocol::CounterOpen{}).ok);
    // CASVP visits are expected to cost 20 min (19 min with 5 % no-shows of 1.5 min): the
    // visitors wait about 0, 19 and 38 min. The third is over the 30-min return threshold and
    // ends about 59 min from now, before 17 h 00. A fourth would wait about 49 min (when the
    // first two visits are short, it is called before the third is back) and end about 70 min
    // from now, after 17 h 00.
    std::vector<protocol::TicketView> taken;
    for (int i = 0; i < 3; ++i) {
        const protocol::Reply r = ask(dispenser, protocol::TicketTake{"casvp", false, "fr"});
        REQUIRE(r.ok);
        REQUIRE(r.ticket->estimated_wait_s);
        taken.push_back(*r.ticket);
    }
    CHECK(*taken[0].estimated_wait_s < 60);
    // Monte Carlo over the learned lognormal visits: within 3 min of the hand figure.
    CHECK(*taken[1].estimated_wait_s == Approx(19 * 60).margin(180));
    CHECK_FALSE(taken[1].return_at);
    CHECK(*taken[2].estimated_wait_s == Approx(38 * 60).margin(180));
    REQUIRE(taken[2].return_at);
    // The estimated call (about 16 h 35) minus 10 min, rounded down to 5 min (16 h 25 or 16 h 20,
    // the estimate is close to the boundary): to the second, as the controller does.
    const int issued_s = std::stoi(taken[2].issued_at.substr(11, 2)) * 3600 +
                         std::stoi(taken[2].issued_at.substr(14, 2)) * 60 +
                         std::stoi(taken[2].issued_at.substr(17, 2));
    const int back_min = (issued_s + *taken[2].estimated_wait_s - 600) / 60 / 5 * 5;
    char expected[64];
    std::snprintf(expected, sizeof expected, "2026-11-23T%02d:%02d:00+01:00", back_min / 60,
                  back_min % 60);
    CHECK(*taken[2].return_at == std::string(expected));

    const protocol::Reply refused = ask(dispenser, protocol::TicketTake{"casvp", false, "fr"});
    REQUIRE_FALSE(refused.ok);
    CHECK(refused.error->code == "cutoff");
    CHECK(refused.error->message ==
          "Nous ne pourrons plus vous recevoir avant la fermeture de 17 h 00.");
    CHECK(refused.advice == "Prochaine ouverture le 24/11 à 8 h 30.");
    // Other services, with nobody waiting, still take visitors.
    CHECK(ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"}).ok);

    // Screens see the cut-off and the estimates.
    protocol::BoardState board;
    for (int i = 0; i < 40; ++i) {
        auto m = screen.next(screen.topics().board());
        REQUIRE(m);
        board = std::get<protocol::BoardState>(protocol::decode_board(m->payload));
        const auto* casvp = find(board, "casvp");
        if (casvp && casvp->state == "cutoff" && casvp->waiting == 3) break;
    }
    const auto* casvp = find(board, "casvp");
    REQUIRE(casvp);
    CHECK(casvp->state == "cutoff");
    CHECK(casvp->waiting == 3);
    REQUIRE(casvp->estimated_wait_s);
    // A fourth visitor would wait about 49 min when the third was taken; the virtual clock runs
    // 30 times faster, so a slow machine (ASan) reads the board some virtual minutes later.
    CHECK(*casvp->estimated_wait_s > 35 * 60);
    REQUIRE(find(board, "etat-civil"));
    CHECK(find(board, "etat-civil")->state == "open");
    CHECK(find(board, "etat-civil")->estimated_wait_s);

    // The agent serves the first two visitors; the return-time ticket keeps its place but is
    // not called before its time (the visitor may be out), unless called by its number.
    for (int i = 0; i < 2; ++i) {
        const protocol::Reply call = ask(agent, protocol::CallNext{});
        REQUIRE(call.ok);
        CHECK(call.ticket->number == taken[i].number);
        REQUIRE(ask(agent, protocol::TicketStart{}).ok);
    }
    const protocol::Reply held = ask(agent, protocol::CallNext{});
    REQUIRE(held.error);
    CHECK(held.error->code == "queue_empty");
    const protocol::Reply back = ask(agent, protocol::CallNumber{taken[2].number});
    REQUIRE(back.ok);
    CHECK(back.ticket->number == taken[2].number);
    REQUIRE(ask(agent, protocol::TicketStart{}).ok);
    REQUIRE(ask(agent, protocol::TicketFinish{}).ok);
    const protocol::Reply empty = ask(agent, protocol::CallNext{});
    REQUIRE(empty.error);
    CHECK(empty.error->code == "queue_empty");
    REQUIRE(site.stop_controller() == 0);

    // The log holds the day: the report counts the refusal, the return time and the estimates.
    std::string out;
    REQUIRE(site.cli({"report", "--day", "2026-11-23", "--format", "json"}, &out) == 0);
    const auto report = nlohmann::json::parse(out);
    CHECK(report.at("summary").at("issued") == 4);
    CHECK(report.at("summary").at("refused_cutoff") == 1);
    CHECK(report.at("summary").at("return_time") == 1);
    for (const auto& s : report.at("services"))
        if (s.at("id") == "casvp") CHECK(s.at("estimates") == 3);
}
