// Taking and printing tickets: numbering per service and per day, wrap past 999, priority.
#include "tests/controller/engine_fixture.h"

using namespace guichet::engine;
using namespace guichet::engine::testing;

TEST_CASE("taken tickets are numbered per service from 001 and wait in arrival order") {
    Site site;
    CHECK(site.take("etat-civil") == "A001");
    CHECK(site.take("etat-civil") == "A002");
    CHECK(site.take("affaires") == "B001");
    CHECK(site.take("etat-civil") == "A003");
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{"A001", "A002", "A003"});
    CHECK(site.waiting("affaires") == std::vector<std::string>{"B001"});

    const Ticket* t = site.engine.ticket("A002");
    REQUIRE(t);
    CHECK(t->service == "etat-civil");
    CHECK(t->state == TicketState::waiting);
    CHECK(t->issued_at == site.now);
    CHECK(t->queued_at == site.now);
    CHECK(t->day == site.clock().day);
    CHECK_FALSE(t->counter);
}

TEST_CASE("take reports the issued event with service, priority, time and local day") {
    Site site;
    Decision d = site.run(Take{"casvp", true});
    REQUIRE(d.events.size() == 1);
    const auto& issued = std::get<TicketIssued>(d.events[0]);
    CHECK(issued.number == "C001");
    CHECK(issued.service == "casvp");
    CHECK(issued.priority);
    CHECK(issued.at == site.now);
    CHECK(issued.day == site.clock().day);
    CHECK(d.ticket == "C001");
    CHECK(event_type(d.events[0]) == "ticket.issued");
}

TEST_CASE("taking a ticket for an unknown service is refused and changes nothing") {
    Site site;
    Decision d = site.fails(Take{"piscine"}, "unknown_service");
    CHECK(d.events.empty());
    CHECK(d.error->message.find("piscine") != std::string::npos);
    CHECK(site.take("etat-civil") == "A001");
}

TEST_CASE("ahead counts the people called before a ticket in its own service") {
    Site site;
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    site.take("affaires");
    const std::string a3 = site.take("etat-civil");
    CHECK(site.engine.ahead(a1) == 0);
    CHECK(site.engine.ahead(a2) == 1);
    CHECK(site.engine.ahead(a3) == 2);
    const std::string p = site.take("etat-civil", true);
    CHECK(site.engine.ahead(p) == 0);
    CHECK(site.engine.ahead(a3) == 3);
    site.open("4");
    site.ok(Next{"4"});
    CHECK(site.engine.ahead(p) == 0);  // p was called: no longer waiting
    CHECK(site.engine.ahead(a1) == 0);
    CHECK(site.engine.ahead(a3) == 2);
    site.ok(Next{"4"});  // a1
    CHECK(site.engine.ahead(a2) == 0);
    CHECK(site.engine.ahead(a3) == 1);
}

TEST_CASE("priority tickets wait before every non-priority ticket, in their own arrival order") {
    Site site;
    site.take("etat-civil");        // A001
    site.take("etat-civil", true);  // A002 priority
    site.take("etat-civil");        // A003
    site.take("etat-civil", true);  // A004 priority
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{"A002", "A004", "A001", "A003"});
    site.open("4");
    CHECK(site.ok(Next{"4"}) == "A002");
    CHECK(site.ok(Next{"4"}) == "A004");
    CHECK(site.ok(Next{"4"}) == "A001");
}

TEST_CASE("a printed ticket stays in the queue, a failed print cancels it") {
    Site site;
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");

    Decision printed = site.run(Printed{a1, true, ""});
    REQUIRE_FALSE(printed.error);
    REQUIRE(printed.events.size() == 1);
    CHECK(std::get<TicketPrinted>(printed.events[0]).number == a1);
    CHECK(site.state_of(a1) == TicketState::waiting);

    Decision failed = site.run(Printed{a2, false, "paper out"});
    REQUIRE_FALSE(failed.error);
    REQUIRE(failed.events.size() == 1);
    const auto& cancelled = std::get<TicketCancelled>(failed.events[0]);
    CHECK(cancelled.number == a2);
    CHECK(cancelled.reason == "paper out");
    CHECK(site.state_of(a2) == TicketState::cancelled);
    CHECK(site.engine.ticket(a2)->ended_at == site.now);
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{a1});
}

TEST_CASE("a failed print of a ticket already called frees the counter") {
    Site site;
    const std::string a1 = site.take("etat-civil");
    site.open("4");
    site.ok(Next{"4"});
    site.ok(Printed{a1, false, "jam"});
    CHECK(site.state_of(a1) == TicketState::cancelled);
    CHECK_FALSE(site.current("4"));
}

TEST_CASE("printed reports unknown_number for a number that is not live") {
    Site site;
    site.fails(Printed{"A001", true, ""}, "unknown_number");
    const std::string a1 = site.take("etat-civil");
    site.ok(Printed{a1, false, "jam"});
    Decision d = site.fails(Printed{a1, false, "jam"}, "unknown_number");
    CHECK(d.events.empty());
}

TEST_CASE("numbers wrap from 999 to 001 and skip every number still live") {
    Site site;
    site.open("4");
    site.open("1");
    // A001 stays called at counter 1 all along; A999 stays waiting; the rest end at counter 4.
    const std::string a1 = site.take("etat-civil", true);
    CHECK(a1 == "A001");
    CHECK(site.ok(Next{"1"}) == "A001");  // A001 now called at counter 1
    for (int i = 2; i <= 999; ++i) site.take("etat-civil");
    CHECK(site.waiting("etat-civil").size() == 998);
    // Counter 4 serves A002..A998 one after another; A999 stays waiting.
    for (int i = 2; i <= 998; ++i) site.ok(Next{"4"});
    site.ok(Finish{"4"});
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{"A999"});
    CHECK(site.state_of("A002") == TicketState::finished);

    CHECK(site.take("etat-civil") == "A002");  // A001 (called) is skipped
    CHECK(site.take("etat-civil") == "A003");
    CHECK(site.state_of("A003") == TicketState::waiting);
    CHECK(site.engine.ticket("A003")->issued_at == site.now);
}

TEST_CASE("when all 999 numbers of a service are live, take answers capacity_full") {
    Site site;
    for (int i = 1; i <= 999; ++i) site.take("affaires");
    Decision d = site.fails(Take{"affaires"}, "capacity_full");
    CHECK(d.events.empty());
    CHECK(site.take("etat-civil") == "A001");  // other services are not affected

    site.open("2");
    CHECK(site.ok(Next{"2"}) == "B001");
    site.fails(Take{"affaires"}, "capacity_full");  // B001 is called, still live
    site.ok(Finish{"2"});
    CHECK(site.take("affaires") == "B001");  // the only free number
}

TEST_CASE("numbering restarts at 001 on the next local day, skipping tickets still live") {
    Site site;
    site.open("4");
    site.take("etat-civil");  // A001
    site.take("etat-civil");  // A002
    site.take("etat-civil");  // A003
    site.ok(Next{"4"});       // A001 called
    site.ok(Next{"4"});       // A001 finished, A002 called
    site.ok(Finish{"4"});     // A002 finished; A003 still waits

    site.now = at(2026, 3, 3, 8h + 30min);
    CHECK(site.take("etat-civil") == "A001");
    CHECK(site.take("affaires") == "B001");
    CHECK(site.take("etat-civil") == "A002");
    CHECK(site.take("etat-civil") == "A004");  // A003 from yesterday is still waiting
    CHECK(site.engine.ticket("A003")->day ==
          std::chrono::sys_days{std::chrono::year{2026} / 3 / 2});
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{"A003", "A001", "A002", "A004"});
}

TEST_CASE("once a new day begins, the previous days' ended tickets leave memory") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.ok(Finish{"4"});  // a1 finished; a2 waits
    REQUIRE(site.engine.ticket(a1));

    site.now = at(2026, 3, 3, 7h);
    REQUIRE(site.engine.ticket(a1));  // nothing is issued yet today: yesterday's view stays
    site.take("affaires");
    CHECK_FALSE(site.engine.ticket(a1));
    REQUIRE(site.engine.ticket(a2));  // still live
    CHECK(site.engine.ticket(a2)->state == TicketState::waiting);
}

TEST_CASE("the first ticket of a new day clears yesterday's calls from the board") {
    Site site;
    site.open("4");
    site.take("etat-civil");
    site.ok(Next{"4"});
    REQUIRE(site.engine.recent_calls(16).size() == 1);
    site.now = at(2026, 3, 3, 8h);
    site.take("etat-civil");
    CHECK(site.engine.recent_calls(16).empty());
}

TEST_CASE("every service restarts at 001 on a new day, whichever service is taken first") {
    Site site;
    site.take("affaires");
    site.take("affaires");
    site.ok(Printed{"B001", false, "jam"});
    site.ok(Printed{"B002", false, "jam"});
    site.now = at(2026, 3, 3, 8h);
    CHECK(site.take("etat-civil") == "A001");  // opens the new day
    CHECK(site.take("affaires") == "B001");
    CHECK(site.take("affaires") == "B002");
}
