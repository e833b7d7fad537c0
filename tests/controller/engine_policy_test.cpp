// Call policies: `ordered` serves a counter's services in the listed order, `balanced` calls
// the head with the largest wait / target, priority first; counters share services.
#include "tests/controller/engine_fixture.h"

using namespace guichet::engine;
using namespace guichet::engine::testing;

TEST_CASE("ordered serves the first listed service that has someone waiting") {
    Site site;
    site.open("2");  // affaires, then etat-civil
    const std::string a1 = site.take("etat-civil");
    site.now += 30min;
    const std::string b1 = site.take("affaires");
    const std::string b2 = site.take("affaires");
    CHECK(site.engine.next_for("2", site.clock()) == b1);
    CHECK(site.ok(Next{"2"}) == b1);  // A001 waited far longer, but affaires comes first
    CHECK(site.ok(Next{"2"}) == b2);
    CHECK(site.ok(Next{"2"}) == a1);
    site.fails(Next{"2"}, "queue_empty");
}

TEST_CASE("ordered takes a priority ticket first within a service, not across services") {
    Site site;
    site.open("2");
    const std::string ap = site.take("etat-civil", true);
    const std::string b1 = site.take("affaires");
    const std::string bp = site.take("affaires", true);
    CHECK(site.ok(Next{"2"}) == bp);
    CHECK(site.ok(Next{"2"}) == b1);
    CHECK(site.ok(Next{"2"}) == ap);
}

TEST_CASE("balanced calls the head whose wait is the largest share of its target") {
    // Counter 1 serves etat-civil (target 20 min) and affaires (target 10 min).
    Site site;
    site.open("1");
    const Time t0 = site.now;
    const std::string a1 = site.take("etat-civil");
    site.now = t0 + 5min;
    const std::string b1 = site.take("affaires");

    site.now = t0 + 8min;  // A: 8/20 = 0.4, B: 3/10 = 0.3
    CHECK(site.engine.next_for("1", site.clock()) == a1);
    site.now = t0 + 12min;  // A: 12/20 = 0.6, B: 7/10 = 0.7
    CHECK(site.engine.next_for("1", site.clock()) == b1);
    CHECK(site.ok(Next{"1"}) == b1);
    CHECK(site.ok(Next{"1"}) == a1);
}

TEST_CASE("balanced breaks an exact tie in favour of the service listed first") {
    Site site;
    site.open("1");
    const Time t0 = site.now;
    const std::string a1 = site.take("etat-civil");
    site.now = t0 + 10min;
    const std::string b1 = site.take("affaires");
    site.now = t0 + 20min;  // A: 20/20 = 1, B: 10/10 = 1
    CHECK(site.engine.next_for("1", site.clock()) == a1);
    site.now += 1s;  // A: 1201/1200 < B: 601/600
    CHECK(site.engine.next_for("1", site.clock()) == b1);
}

TEST_CASE("balanced calls a priority head before any longer-waiting regular ticket") {
    Site site;
    site.open("1");
    const std::string a1 = site.take("etat-civil");
    site.now += 40min;
    const std::string bp = site.take("affaires", true);
    site.now += 1min;
    CHECK(site.ok(Next{"1"}) == bp);
    CHECK(site.ok(Next{"1"}) == a1);
}

TEST_CASE("balanced compares priority heads by their share of target too") {
    Site site;
    site.open("1");
    const Time t0 = site.now;
    const std::string ap = site.take("etat-civil", true);
    site.now = t0 + 2min;
    const std::string bp = site.take("affaires", true);
    site.now = t0 + 6min;  // A: 6/20 = 0.3, B: 4/10 = 0.4
    CHECK(site.ok(Next{"1"}) == bp);
    CHECK(site.ok(Next{"1"}) == ap);
}

TEST_CASE("balanced measures a transferred ticket's wait from its transfer") {
    Site site;
    site.open("1");
    site.open("4");
    const Time t0 = site.now;
    const std::string a1 = site.take("etat-civil");
    site.now = t0 + 1min;
    const std::string a2 = site.take("etat-civil");
    site.now = t0 + 9min;
    CHECK(site.ok(Next{"4"}) == a1);
    site.ok(Transfer{"4", "affaires", Position::back});
    site.now = t0 + 12min;
    // A: a2 11/20 = 0.55; B: a1 3/10 = 0.3 since its transfer (12/10 since it was issued).
    CHECK(site.ok(Next{"1"}) == a2);
    CHECK(site.ok(Next{"1"}) == a1);
}

TEST_CASE("counters sharing a service never call the same ticket") {
    Site site;
    for (const char* c : {"1", "2", "4"}) site.open(c);  // all three serve etat-civil
    const std::string a1 = site.take("etat-civil");
    const std::string a2 = site.take("etat-civil");
    const std::string a3 = site.take("etat-civil");
    CHECK(site.ok(Next{"4"}) == a1);
    CHECK(site.engine.next_for("1", site.clock()) == a2);
    CHECK(site.engine.next_for("2", site.clock()) == a2);
    CHECK(site.ok(Next{"2"}) == a2);
    CHECK(site.ok(Next{"1"}) == a3);
    site.fails(Next{"4"}, "queue_empty");
    CHECK(site.current("1") == a3);
    CHECK(site.current("2") == a2);
    CHECK_FALSE(site.current("4"));
    CHECK(site.state_of(a1) == TicketState::finished);
}

TEST_CASE("a counter calls only the services it opened with") {
    Site site;
    site.ok(Open{"3", std::vector<std::string>{"casvp", "affaires"}});
    const std::string a1 = site.take("etat-civil");
    const std::string b1 = site.take("affaires");
    CHECK(site.ok(Next{"3"}) == b1);
    site.fails(Next{"3"}, "queue_empty");
    CHECK(site.state_of(a1) == TicketState::waiting);
}

TEST_CASE("next_for names nothing for an unknown counter or an empty queue") {
    Site site;
    CHECK_FALSE(site.engine.next_for("9", site.clock()));
    CHECK_FALSE(site.engine.next_for("3", site.clock()));
    const std::string c1 = site.take("casvp");
    CHECK(site.engine.next_for("3", site.clock()) == c1);
    CHECK(site.state_of(c1) == TicketState::waiting);  // only a look
}

TEST_CASE("a ticket given a return time is passed over until then, then called in its place") {
    Site site;
    const Time back = site.now + 30min;
    const std::string held = site.ok(Take{"etat-civil", false, back});
    const std::string second = site.take("etat-civil");
    const std::string third = site.take("etat-civil");
    site.open("4");
    CHECK(site.ok(Next{"4"}) == second);
    // Still waiting in its place: the board and the counters show it.
    CHECK(site.waiting("etat-civil") == std::vector<std::string>{held, third});
    CHECK(site.engine.ahead(held) == 0);
    site.now = back - 1s;
    CHECK(site.ok(Next{"4"}) == third);
    site.now = back;
    CHECK(site.ok(Next{"4"}) == held);  // its time has come: ahead of those who came after it
}

TEST_CASE("a balanced counter passes over a held ticket and weighs the next one of its service") {
    Site site;
    site.ok(Take{"etat-civil", false, site.now + 1h});
    site.now += 5min;
    const std::string waiting_a = site.take("etat-civil");
    const std::string waiting_b = site.take("affaires");
    site.now += 2min;
    site.open("1");
    // The held ticket waited 7 min of 20 and would go first; of the others A waited 2 min of 20,
    // B 2 min of 10: B is relatively later.
    CHECK(site.ok(Next{"1"}) == waiting_b);
    CHECK(site.ok(Next{"1"}) == waiting_a);
}

TEST_CASE("call next with only held tickets waiting says they come back later") {
    Site site;
    const std::string held = site.ok(Take{"etat-civil", false, site.now + 20min});
    site.open("4");
    const Decision d = site.fails(Next{"4"}, "queue_empty");
    CHECK(d.error->message.find("heure de retour") != std::string::npos);
    // A counter may still call the visitor by number (they came back early).
    CHECK(site.ok(CallNumber{"4", held}) == held);
    CHECK(site.fails(Next{"4"}, "queue_empty").error->message ==
          "Aucun usager en attente pour ce guichet.");
}

TEST_CASE("the return time is part of the issue, so a replay of the log holds the ticket too") {
    Site site;
    const std::string held = site.ok(Take{"etat-civil", false, site.now + 20min});
    const std::string other = site.take("etat-civil");
    Engine replayed{town_hall()};
    for (const Event& e : site.log) replayed.apply(e);
    REQUIRE(replayed.ticket(held)->not_before == site.now + 20min);
    CHECK(replayed.next_for("4", site.clock()) == other);
    site.now += 20min;
    CHECK(replayed.next_for("4", site.clock()) == held);
}
