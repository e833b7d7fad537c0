// The event log is the truth: folding the events of a long random scenario into a fresh engine
// rebuilds exactly the same state, and the engine's invariants hold after every command.
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "tests/controller/engine_fixture.h"

using namespace guichet::engine;
using namespace guichet::engine::testing;

namespace {

std::string describe(const std::optional<Time>& t) {
    return t ? std::to_string(t->time_since_epoch().count()) : "-";
}

std::string describe(const Ticket& t) {
    std::ostringstream s;
    s << t.number << ' ' << t.service << ' ' << t.priority << ' ' << to_string(t.state) << ' '
      << describe(t.issued_at) << ' ' << describe(t.queued_at) << ' '
      << t.day.time_since_epoch().count() << ' ' << t.counter.value_or("-") << ' '
      << describe(t.called_at) << ' ' << describe(t.started_at) << ' ' << describe(t.ended_at)
      << ' ' << t.recalls;
    return s.str();
}

std::string describe(const Decision& d) {
    std::ostringstream s;
    s << d.ticket.value_or("-") << ' ' << (d.error ? d.error->code : "ok");
    for (const Event& e : d.events) s << ' ' << event_type(e);
    return s.str();
}

// Every view the engine offers, as text, for the numbers seen so far.
std::string snapshot(const Engine& e, const std::set<std::string>& numbers, const Clock& clock) {
    std::ostringstream s;
    for (const std::string& n : numbers) {
        const Ticket* t = e.ticket(n);
        s << "ticket " << (t ? describe(*t) : n + " -") << " ahead " << e.ahead(n) << '\n';
    }
    for (const Counter* c : e.counters()) {
        s << "counter " << c->id << ' ' << to_string(c->state) << ' ' << c->current.value_or("-")
          << ' ' << describe(c->state_since);
        for (const std::string& svc : c->services) s << ' ' << svc;
        s << " next " << e.next_for(c->id, clock).value_or("-") << '\n';
    }
    for (const ServiceDef& svc : e.config().services) {
        s << "queue " << svc.id;
        for (const Ticket* t : e.waiting(svc.id)) s << ' ' << t->number;
        s << " take " << describe(e.decide(Take{svc.id, false}, clock)) << '\n';
    }
    for (const Call& c : e.recent_calls(100)) {
        s << "call " << c.number << ' ' << c.counter << ' ' << c.recall << ' ' << describe(c.at)
          << '\n';
    }
    return s.str();
}

// What must hold after every command, whatever happened before; empty when all is well.
// Counters are checked always; queues and `numbers` (every number issued) only when given,
// as that is the slow part.
std::string broken_invariant(const Engine& e, const std::set<std::string>* numbers) {
    std::set<std::string> current;
    for (const Counter* c : e.counters()) {
        if (!c->current) continue;
        const Ticket* t = e.ticket(*c->current);
        if (c->state == CounterState::closed) return "closed counter " + c->id + " has a ticket";
        if (!t || (t->state != TicketState::called && t->state != TicketState::serving) ||
            t->counter != c->id) {
            return "counter " + c->id + " holds " + *c->current + " which is not called there";
        }
        if (!current.insert(*c->current).second) return *c->current + " at two counters";
    }
    if (!numbers) return "";
    std::size_t waiting = 0;
    for (const ServiceDef& svc : e.config().services) {
        const std::vector<const Ticket*> queue = e.waiting(svc.id);
        bool regular_seen = false;
        for (const Ticket* t : queue) {
            if (t->state != TicketState::waiting || t->service != svc.id) {
                return t->number + " listed in queue " + svc.id + " but not waiting there";
            }
            if (t->priority && regular_seen) return t->number + " priority behind a regular";
            regular_seen = regular_seen || !t->priority;
        }
        // ahead() walks the queue: checking its ends keeps this linear.
        for (std::size_t i : {std::size_t{0}, queue.size() / 2, queue.size() - 1}) {
            if (i < queue.size() && e.ahead(queue[i]->number) != static_cast<int>(i)) {
                return "ahead(" + queue[i]->number + ") is not its position";
            }
        }
        if (queue.size() != e.waiting_count(svc.id)) return "waiting_count differs in " + svc.id;
        waiting += queue.size();
    }
    std::size_t live_waiting = 0;
    for (const std::string& n : *numbers) {
        const Ticket* t = e.ticket(n);
        if (!t) continue;
        if (t->state == TicketState::waiting) ++live_waiting;
        if ((t->state == TicketState::called || t->state == TicketState::serving) &&
            !current.count(n)) {
            return n + " is called but no counter holds it";
        }
    }
    if (live_waiting != waiting) return "a waiting ticket is missing from its queue";
    return "";
}

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

}  // namespace

TEST_CASE("replaying the events of a long random scenario rebuilds every view") {
    const std::uint32_t seed = GENERATE(1u, 2u, 3u);
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    Site site;
    std::set<std::string> numbers;
    const std::vector<std::string> counters = {"1", "2", "3", "4", "9"};
    // Mostly etat-civil, so that its numbers wrap past 999 within a day.
    const std::vector<std::string> services = {"etat-civil", "etat-civil", "etat-civil",
                                               "etat-civil", "etat-civil", "affaires",
                                               "casvp",      "piscine"};
    // Snapshots taken after a number of events (and the clock then), to replay prefixes too.
    struct Checkpoint {
        std::size_t events;
        Clock clock;
        std::set<std::string> numbers;
        std::string views;
    };
    std::vector<Checkpoint> checkpoints;
    std::map<std::string, int> codes;        // error code -> how many times answered
    std::map<std::string, int> last_issued;  // service -> last number value today
    int wraps = 0;

    for (int step = 0; step < 16000; ++step) {
        site.now += std::chrono::seconds(std::uniform_int_distribution<int>(0, 40)(rng));
        if (step % 8000 == 7999) {  // the next morning
            site.now = Time{std::chrono::floor<std::chrono::days>(site.now) + std::chrono::days(1) +
                            std::chrono::hours(8)};
            last_issued.clear();
        }
        const std::string counter = pick(counters, rng);
        const std::string number =
            numbers.empty()
                ? "A001"
                : *std::next(numbers.begin(), std::uniform_int_distribution<std::size_t>(
                                                  0, numbers.size() - 1)(rng));
        Command command;
        const int roll = std::uniform_int_distribution<int>(0, 99)(rng);
        // Visitors arrive during the first 5,000 steps of each day; then the queues drain.
        if (roll < 32 && step % 8000 < 5000) {
            command = Take{pick(services, rng), roll < 3};
        } else if (roll < 32) {
            command = Next{counter};
        } else if (roll < 38) {
            command = Printed{number, roll != 32, "paper out"};
        } else if (roll < 41) {
            std::optional<std::vector<std::string>> only;
            if (roll == 38) only = std::vector<std::string>{pick(services, rng)};
            command = Open{counter, only};
        } else if (roll < 42) {
            command = Pause{counter};
        } else if (roll < 43) {
            command = Close{counter};
        } else if (roll < 68) {
            command = Next{counter};
        } else if (roll < 71) {
            command = Recall{counter};
        } else if (roll < 74) {
            command = CallNumber{counter, number};
        } else if (roll < 84) {
            command = Start{counter};
        } else if (roll < 93) {
            command = Finish{counter};
        } else if (roll < 96) {
            command = NoShow{counter};
        } else {
            command =
                Transfer{counter, pick(services, rng), roll % 2 ? Position::front : Position::back};
        }
        const Decision d = site.engine.decide(command, site.clock());
        // An error comes with no event, except call.next finishing the previous ticket.
        if (d.error && d.error->code != "queue_empty") REQUIRE(d.events.empty());
        for (const Event& e : d.events) {
            if (const auto* issued = std::get_if<TicketIssued>(&e)) {
                const Ticket* before = site.engine.ticket(issued->number);
                REQUIRE_FALSE((before && (before->state == TicketState::waiting ||
                                          before->state == TicketState::called ||
                                          before->state == TicketState::serving)));
                numbers.insert(issued->number);
                const int value = std::stoi(issued->number.substr(1));
                if (last_issued.count(issued->service) && value <= last_issued[issued->service]) {
                    ++wraps;
                }
                last_issued[issued->service] = value;
            }
            site.engine.apply(e);
            site.log.push_back(e);
        }
        if (d.error) ++codes[d.error->code];
        const std::string broken = broken_invariant(site.engine, step % 20 ? nullptr : &numbers);
        if (!broken.empty()) FAIL("step " << step << ": " << broken);
        if (step % 1000 == 999) {
            checkpoints.push_back({site.log.size(), site.clock(), numbers,
                                   snapshot(site.engine, numbers, site.clock())});
        }
    }
    // The scenario went through the hard cases it is meant to cover.
    CHECK(site.log.size() > 8000);
    CHECK(wraps > 0);
    for (const char* code : {"queue_empty", "unknown_counter", "unknown_service", "unknown_number",
                             "no_current_ticket", "counter_not_open"}) {
        INFO(code);
        CHECK(codes[code] > 0);
    }
    REQUIRE(checkpoints.size() == 16);

    Engine replayed{town_hall()};
    std::size_t folded = 0;
    for (const Checkpoint& checkpoint : checkpoints) {
        for (; folded < checkpoint.events; ++folded) replayed.apply(site.log[folded]);
        CHECK(snapshot(replayed, checkpoint.numbers, checkpoint.clock) == checkpoint.views);
    }
    CHECK(snapshot(replayed, numbers, site.clock()) ==
          snapshot(site.engine, numbers, site.clock()));
}
