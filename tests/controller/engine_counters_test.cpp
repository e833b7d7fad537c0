// Counter operations: open, pause, close, call next, recall, call by number, start, finish,
// no-show and transfer, with every error code they can answer.
#include "tests/controller/engine_fixture.h"

using namespace guichet::engine;
using namespace guichet::engine::testing;

TEST_CASE("counters start closed with their configured services, listed in config order") {
    Site site;
    std::vector<std::string> ids;
    for (const Counter* c : site.engine.counters()) {
        ids.push_back(c->id);
        CHECK(c->state == CounterState::closed);
        CHECK_FALSE(c->current);
    }
    CHECK(ids == std::vector<std::string>{"1", "2", "3", "4"});
    CHECK(site.engine.counter("2")->services == std::vector<std::string>{"affaires", "etat-civil"});
    CHECK_FALSE(site.engine.counter("9"));
}

TEST_CASE("every counter operation on an unknown counter answers unknown_counter") {
    Site site;
    const std::vector<Command> commands = {Open{"9", std::nullopt},
                                           Pause{"9"},
                                           Close{"9"},
                                           Next{"9"},
                                           Recall{"9"},
                                           CallNumber{"9", "A001"},
                                           Start{"9"},
                                           Finish{"9"},
                                           NoShow{"9"},
                                           Transfer{"9", "affaires", Position::back}};
    site.take("etat-civil");
    for (const Command& c : commands) {
        Decision d = site.fails(c, "unknown_counter");
        CHECK(d.events.empty());
        CHECK(d.error->message.find("9") != std::string::npos);
    }
}

TEST_CASE("open, pause and close move the counter between its three states") {
    Site site;
    Decision opened = site.run(Open{"1", std::nullopt});
    REQUIRE(opened.events.size() == 1);
    const auto& e = std::get<CounterOpened>(opened.events[0]);
    CHECK(e.counter == "1");
    CHECK(e.services == std::vector<std::string>{"etat-civil", "affaires"});
    CHECK(site.engine.counter("1")->state == CounterState::open);
    CHECK(site.engine.counter("1")->state_since == site.now);

    site.now += 1h;
    REQUIRE(site.run(Pause{"1"}).events.size() == 1);
    CHECK(site.engine.counter("1")->state == CounterState::paused);
    CHECK(site.engine.counter("1")->state_since == site.now);

    site.now += 10min;
    site.open("1");  // resuming
    CHECK(site.engine.counter("1")->state == CounterState::open);

    REQUIRE(site.run(Close{"1"}).events.size() == 1);
    CHECK(site.engine.counter("1")->state == CounterState::closed);
}

TEST_CASE("repeating open, pause or close produces no new event") {
    Site site;
    site.open("1");
    CHECK(site.run(Open{"1", std::nullopt}).events.empty());
    site.ok(Pause{"1"});
    CHECK(site.run(Pause{"1"}).events.empty());
    site.ok(Close{"1"});
    CHECK(site.run(Close{"1"}).events.empty());
}

TEST_CASE("pausing a closed counter answers counter_not_open") {
    Site site;
    site.fails(Pause{"1"}, "counter_not_open");
}

TEST_CASE("open may replace the counter's services, which must all exist") {
    Site site;
    site.ok(Open{"4", std::vector<std::string>{"casvp", "affaires", "casvp"}});
    CHECK(site.engine.counter("4")->services == std::vector<std::string>{"casvp", "affaires"});
    // Re-opening with other services changes them even though the counter is already open.
    Decision d = site.run(Open{"4", std::vector<std::string>{"etat-civil"}});
    CHECK(d.events.size() == 1);
    CHECK(site.engine.counter("4")->services == std::vector<std::string>{"etat-civil"});

    Decision bad =
        site.fails(Open{"4", std::vector<std::string>{"affaires", "piscine"}}, "unknown_service");
    CHECK(bad.events.empty());
    site.fails(Open{"4", std::vector<std::string>{}}, "bad_request");
    CHECK(site.engine.counter("4")->services == std::vector<std::string>{"etat-civil"});
}

TEST_CASE("next calls the first waiting ticket and finishes the one it was serving") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");

    Decision first = site.run(Next{"4"});
    REQUIRE_FALSE(first.error);
    REQUIRE(first.events.size() == 1);
    const auto& called = std::get<TicketCalled>(first.events[0]);
    CHECK(called.number == a1);
    CHECK(called.counter == "4");
    CHECK_FALSE(called.recall);
    CHECK_FALSE(called.out_of_order);
    CHECK(first.ticket == a1);
    CHECK(site.current("4") == a1);
    CHECK(site.state_of(a1) == TicketState::called);
    CHECK(site.engine.ticket(a1)->counter == "4");
    CHECK(site.engine.ticket(a1)->called_at == site.now);

    site.now += 5min;
    Decision second = site.run(Next{"4"});
    REQUIRE(second.events.size() == 2);
    CHECK(std::get<TicketFinished>(second.events[0]).number == a1);
    CHECK(std::get<TicketCalled>(second.events[1]).number == a2);
    CHECK(site.state_of(a1) == TicketState::finished);
    CHECK(site.engine.ticket(a1)->ended_at == site.now);
    CHECK(site.current("4") == a2);
}

TEST_CASE("next on an empty queue finishes the current ticket and answers queue_empty") {
    Site site;
    site.open("4");
    site.take("affaires");  // not served by counter 4
    Decision empty = site.fails(Next{"4"}, "queue_empty");
    CHECK(empty.events.empty());
    CHECK(empty.error->message == "Aucun usager en attente pour ce guichet.");

    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    Decision d = site.fails(Next{"4"}, "queue_empty");
    REQUIRE(d.events.size() == 1);
    CHECK(std::get<TicketFinished>(d.events[0]).number == a1);
    CHECK(site.state_of(a1) == TicketState::finished);
    CHECK_FALSE(site.current("4"));
}

TEST_CASE("next and call-by-number need an open counter") {
    Site site;
    const std::string a1 = site.take("etat-civil");
    site.fails(Next{"4"}, "counter_not_open");
    site.fails(CallNumber{"4", a1}, "counter_not_open");
    site.open("4");
    site.ok(Pause{"4"});
    Decision d = site.fails(Next{"4"}, "counter_not_open");
    CHECK(d.events.empty());
    site.fails(CallNumber{"4", a1}, "counter_not_open");
    CHECK(site.state_of(a1) == TicketState::waiting);
}

TEST_CASE("pausing keeps the current ticket, the agent can still finish it") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.ok(Start{"4"});
    site.ok(Pause{"4"});
    CHECK(site.current("4") == a1);
    CHECK(site.state_of(a1) == TicketState::serving);
    site.ok(Finish{"4"});
    CHECK(site.state_of(a1) == TicketState::finished);
    CHECK_FALSE(site.current("4"));
}

TEST_CASE("closing a counter with a current ticket finishes it first") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.ok(Pause{"4"});
    Decision d = site.run(Close{"4"});
    REQUIRE_FALSE(d.error);
    REQUIRE(d.events.size() == 2);
    CHECK(std::get<TicketFinished>(d.events[0]).number == a1);
    CHECK(std::get<CounterClosed>(d.events[1]).counter == "4");
    CHECK(site.state_of(a1) == TicketState::finished);
    CHECK_FALSE(site.current("4"));
    CHECK(site.engine.counter("4")->state == CounterState::closed);
}

TEST_CASE("recall calls the current ticket again and counts the recall") {
    Site site;
    site.open("4");
    site.fails(Recall{"4"}, "no_current_ticket");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.now += 1min;
    Decision d = site.run(Recall{"4"});
    REQUIRE_FALSE(d.error);
    REQUIRE(d.events.size() == 1);
    const auto& recall = std::get<TicketCalled>(d.events[0]);
    CHECK(recall.number == a1);
    CHECK(recall.recall);
    CHECK(site.engine.ticket(a1)->recalls == 1);
    CHECK(site.engine.ticket(a1)->called_at == site.now - 1min);  // the first call stays
    CHECK(site.state_of(a1) == TicketState::called);

    site.ok(Start{"4"});
    Decision serving = site.fails(Recall{"4"}, "no_current_ticket");
    CHECK(serving.error->message.find(a1) != std::string::npos);
}

TEST_CASE("recent calls list calls and recalls newest first, bounded") {
    Site site;
    site.open("4");
    site.open("2");
    const std::string a1 = site.take("etat-civil");
    const std::string b1 = site.take("affaires");
    site.ok(Next{"4"});
    site.now += 1min;
    site.ok(Next{"2"});
    site.now += 1min;
    site.ok(Recall{"4"});
    std::vector<Call> calls = site.engine.recent_calls(10);
    REQUIRE(calls.size() == 3);
    CHECK(calls[0].number == a1);
    CHECK(calls[0].recall);
    CHECK(calls[0].at == site.now);
    CHECK(calls[1].number == b1);
    CHECK(calls[1].counter == "2");
    CHECK_FALSE(calls[1].recall);
    CHECK(calls[2].number == a1);
    CHECK(site.engine.recent_calls(2).size() == 2);

    for (int i = 0; i < 40; ++i) site.ok(Recall{"4"});
    CHECK(site.engine.recent_calls(100).size() == 16);
}

TEST_CASE("call-by-number calls a waiting ticket of any service, out of order") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    const std::string c1 = site.take("casvp");
    site.ok(Next{"4"});

    Decision d = site.run(CallNumber{"4", c1});  // counter 4 does not serve casvp
    REQUIRE_FALSE(d.error);
    REQUIRE(d.events.size() == 2);
    CHECK(std::get<TicketFinished>(d.events[0]).number == a1);
    const auto& called = std::get<TicketCalled>(d.events[1]);
    CHECK(called.number == c1);
    CHECK(called.out_of_order);
    CHECK(site.current("4") == c1);
    CHECK(site.waiting("casvp").empty());
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{a2});
}

TEST_CASE("call-by-number answers unknown_number unless the ticket is waiting") {
    Site site;
    site.open("4");
    site.open("1");
    site.fails(CallNumber{"4", "A123"}, "unknown_number");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"1"});
    Decision d = site.fails(CallNumber{"4", a1}, "unknown_number");  // called elsewhere
    CHECK(d.events.empty());
    CHECK(site.current("1") == a1);
    CHECK_FALSE(site.current("4"));
}

TEST_CASE("start moves the called ticket to serving, starting twice changes nothing") {
    Site site;
    site.open("4");
    site.fails(Start{"4"}, "no_current_ticket");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.now += 30s;
    Decision d = site.run(Start{"4"});
    REQUIRE(d.events.size() == 1);
    CHECK(std::get<TicketStarted>(d.events[0]).number == a1);
    CHECK(site.state_of(a1) == TicketState::serving);
    CHECK(site.engine.ticket(a1)->started_at == site.now);
    Decision again = site.run(Start{"4"});
    CHECK_FALSE(again.error);
    CHECK(again.events.empty());
    CHECK(again.ticket == a1);
}

TEST_CASE("finish ends the current ticket and frees the counter") {
    Site site;
    site.open("4");
    site.fails(Finish{"4"}, "no_current_ticket");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    Decision d = site.run(Finish{"4"});
    REQUIRE(d.events.size() == 1);
    CHECK(std::get<TicketFinished>(d.events[0]).number == a1);
    CHECK(d.ticket == a1);
    CHECK(site.state_of(a1) == TicketState::finished);
    CHECK_FALSE(site.current("4"));
    site.fails(Finish{"4"}, "no_current_ticket");
}

TEST_CASE("no-show ends a called ticket, but not one already being served") {
    Site site;
    site.open("4");
    site.fails(NoShow{"4"}, "no_current_ticket");
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    site.ok(Next{"4"});
    Decision d = site.run(NoShow{"4"});
    REQUIRE(d.events.size() == 1);
    CHECK(std::get<TicketNoShow>(d.events[0]).number == a1);
    CHECK(site.state_of(a1) == TicketState::no_show);
    CHECK(site.engine.ticket(a1)->ended_at == site.now);
    CHECK_FALSE(site.current("4"));

    site.ok(Next{"4"});
    site.ok(Start{"4"});
    site.fails(NoShow{"4"}, "no_current_ticket");
    CHECK(site.state_of(a2) == TicketState::serving);
}

TEST_CASE("transfer to the back puts the ticket behind everyone waiting in the other service") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    const std::string b1 = site.take("affaires");
    const std::string b2 = site.take("affaires");
    site.ok(Next{"4"});
    site.ok(Start{"4"});
    site.now += 4min;

    Decision d = site.run(Transfer{"4", "affaires", Position::back});
    REQUIRE_FALSE(d.error);
    REQUIRE(d.events.size() == 1);
    const auto& moved = std::get<TicketTransferred>(d.events[0]);
    CHECK(moved.number == a1);
    CHECK(moved.to_service == "affaires");
    CHECK(moved.position == Position::back);
    CHECK(d.ticket == a1);

    CHECK_FALSE(site.current("4"));
    CHECK(site.waiting("affaires") == std::vector<std::string>{b1, b2, a1});
    const Ticket* t = site.engine.ticket(a1);
    CHECK(t->number == "A001");  // keeps its number
    CHECK(t->service == "affaires");
    CHECK(t->state == TicketState::waiting);
    CHECK(t->queued_at == site.now);
    CHECK(t->issued_at == site.now - 4min);
    CHECK_FALSE(t->counter);
    CHECK(site.engine.ahead(a1) == 2);
}

TEST_CASE("transfer to the front puts the ticket first among the non-priority tickets") {
    Site site;
    site.open("4");
    site.open("2");
    const std::string a1 = site.take("etat-civil");
    const std::string b1 = site.take("affaires");
    const std::string bp = site.take("affaires", true);
    site.ok(Next{"4"});
    site.ok(Transfer{"4", "affaires", Position::front});
    CHECK(site.waiting("affaires") == std::vector<std::string>{bp, a1, b1});
    CHECK(site.ok(Next{"2"}) == bp);
    CHECK(site.ok(Next{"2"}) == a1);
    CHECK(site.engine.ticket(a1)->counter == "2");
    CHECK(site.ok(Next{"2"}) == b1);
}

TEST_CASE("transfer needs a current ticket and a known service") {
    Site site;
    site.open("4");
    site.fails(Transfer{"4", "affaires", Position::back}, "no_current_ticket");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    Decision d = site.fails(Transfer{"4", "piscine", Position::front}, "unknown_service");
    CHECK(d.events.empty());
    CHECK(site.current("4") == a1);
}

TEST_CASE("a transferred ticket back in its own service can be called again later") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.ok(Recall{"4"});
    site.ok(Transfer{"4", "etat-civil", Position::back});  // went to fetch a document
    CHECK(site.engine.ticket(a1)->recalls == 0);
    CHECK(site.ok(Next{"4"}) == a2);
    CHECK(site.ok(Next{"4"}) == a1);
    CHECK(site.state_of(a2) == TicketState::finished);
}

TEST_CASE("names of states and events are the protocol's words") {
    CHECK(to_string(TicketState::no_show) == "no_show");
    CHECK(to_string(TicketState::serving) == "serving");
    CHECK(to_string(CounterState::paused) == "paused");
    CHECK(event_type(TicketTransferred{}) == "ticket.transferred");
    CHECK(event_type(CounterOpened{}) == "counter.opened");
    CHECK(event_type(TicketNoShow{}) == "ticket.no_show");
}

TEST_CASE("an inconsistent engine configuration is refused at construction") {
    EngineConfig twice = town_hall();
    twice.services.push_back({"autre", "A", std::chrono::minutes(5)});
    CHECK_THROWS_AS(Engine{twice}, std::invalid_argument);
    EngineConfig unknown = town_hall();
    unknown.counters.push_back({"5", {"piscine"}, CallPolicy::balanced});
    CHECK_THROWS_AS(Engine{unknown}, std::invalid_argument);
    EngineConfig zero = town_hall();
    zero.services[0].target_wait = std::chrono::seconds(0);
    CHECK_THROWS_AS(Engine{zero}, std::invalid_argument);
}

TEST_CASE("a transferred priority ticket keeps its priority in the other service") {
    Site site;
    site.open("4");
    const std::string b1 = site.take("affaires");
    const std::string ap = site.take("etat-civil", true);
    site.ok(Next{"4"});
    site.ok(Transfer{"4", "affaires", Position::back});
    CHECK(site.engine.ticket(ap)->priority);
    CHECK(site.waiting("affaires") == std::vector<std::string>{ap, b1});
}

TEST_CASE("reopening a paused counter resumes with the same current ticket") {
    Site site;
    site.open("4");
    const std::string a1 = site.take("etat-civil");
    site.ok(Next{"4"});
    site.ok(Pause{"4"});
    site.open("4");
    CHECK(site.current("4") == a1);
    CHECK(site.state_of(a1) == TicketState::called);
    site.ok(Recall{"4"});
    CHECK(site.engine.ticket(a1)->recalls == 1);
}
