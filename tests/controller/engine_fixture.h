// A small site for engine tests: three services, four counters, a clock the test moves.
//
// Every command goes through decide() and then apply() of its events, as the daemon does,
// and every applied event is kept so replay tests can fold them into a fresh engine.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "controller/engine/engine.h"

namespace guichet::engine::testing {

using namespace std::chrono_literals;

// A: état civil (target 20 min), B: affaires générales (10 min), C: CASVP (30 min).
// Counter 1 serves A then B (balanced), 2 serves B then A (ordered), 3 serves C only,
// 4 serves A only (ordered).
inline EngineConfig town_hall() {
    EngineConfig config;
    config.services = {{"etat-civil", "A", 20min}, {"affaires", "B", 10min}, {"casvp", "C", 30min}};
    config.counters = {{"1", {"etat-civil", "affaires"}, CallPolicy::balanced},
                       {"2", {"affaires", "etat-civil"}, CallPolicy::ordered},
                       {"3", {"casvp"}, CallPolicy::balanced},
                       {"4", {"etat-civil"}, CallPolicy::ordered}};
    return config;
}

inline Time at(int y, unsigned m, unsigned d, std::chrono::seconds time_of_day) {
    return Time{std::chrono::sys_days{std::chrono::year{y} / m / d} + time_of_day};
}

struct Site {
    Engine engine{town_hall()};
    Time now = at(2026, 3, 2, 8h + 30min);  // a Monday morning
    std::vector<Event> log;

    // The local day is the UTC day here; time zones are tested with site_clock.
    Clock clock() const { return Clock{now, std::chrono::floor<std::chrono::days>(now)}; }

    Decision run(const Command& command) {
        Decision d = engine.decide(command, clock());
        for (const Event& e : d.events) {
            engine.apply(e);
            log.push_back(e);
        }
        return d;
    }

    // Runs a command that must succeed; returns the ticket it is about.
    std::string ok(const Command& command) {
        Decision d = run(command);
        INFO((d.error ? d.error->code + ": " + d.error->message : std::string()));
        REQUIRE_FALSE(d.error);
        return d.ticket.value_or("");
    }

    // Runs a command that must fail with `code`; returns the decision.
    Decision fails(const Command& command, const std::string& code) {
        Decision d = run(command);
        REQUIRE(d.error);
        CHECK(d.error->code == code);
        CHECK_FALSE(d.error->message.empty());
        return d;
    }

    std::string take(const std::string& service, bool priority = false) {
        return ok(Take{service, priority});
    }

    void open(const std::string& counter) { ok(Open{counter, std::nullopt}); }

    TicketState state_of(const std::string& number) const {
        const Ticket* t = engine.ticket(number);
        REQUIRE(t);
        return t->state;
    }

    std::optional<std::string> current(const std::string& counter) const {
        return engine.counter(counter)->current;
    }

    std::vector<std::string> waiting(const std::string& service) const {
        std::vector<std::string> numbers;
        for (const Ticket* t : engine.waiting(service)) numbers.push_back(t->number);
        return numbers;
    }
};

}  // namespace guichet::engine::testing
