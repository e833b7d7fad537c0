// Local time at the site: the calendar day and ISO offsets around midnight and on the two
// days of 2026 when Europe/Paris changes its clocks, and ticket numbering across those days.
#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "tests/controller/engine_fixture.h"

using namespace guichet;
using namespace guichet::engine::testing;
using namespace std::chrono_literals;

namespace {

const date::time_zone* paris() {
    const date::time_zone* zone = config::find_zone("Europe/Paris");
    REQUIRE(zone);
    return zone;
}

engine::LocalDay day(int y, unsigned m, unsigned d) {
    return std::chrono::sys_days{std::chrono::year{y} / m / d};
}

// Runs a command at the UTC instant `t`, with the local day computed for Paris.
engine::Decision run(engine::Engine& e, const engine::Command& command, engine::Time t) {
    engine::Decision d = e.decide(command, config::site_clock(paris(), t));
    REQUIRE_FALSE(d.error);
    for (const engine::Event& ev : d.events) e.apply(ev);
    return d;
}

// Takes a ticket at `t` and serves it at once at counter 4, so that its number is free again
// and only the local day decides the next number.
std::string take_at(engine::Engine& e, engine::Time t) {
    const std::string number = *run(e, engine::Take{"etat-civil", false}, t).ticket;
    run(e, engine::Open{"4", std::nullopt}, t);
    run(e, engine::Next{"4"}, t);
    run(e, engine::Finish{"4"}, t);
    return number;
}

}  // namespace

TEST_CASE("find_zone knows the tz database's zones and answers nullptr otherwise") {
    CHECK(config::find_zone("Europe/Paris") != nullptr);
    CHECK(config::find_zone("America/Cayenne") != nullptr);
    CHECK(config::find_zone("Europe/Lutece") == nullptr);
    CHECK(config::find_zone("") == nullptr);
}

TEST_CASE("the local day turns at local midnight, not UTC midnight") {
    // Winter (UTC+1): local midnight of 2 March 2026 is 1 March 23:00 UTC.
    CHECK(config::site_clock(paris(), at(2026, 3, 1, 22h + 59min + 59s)).day == day(2026, 3, 1));
    CHECK(config::site_clock(paris(), at(2026, 3, 1, 23h)).day == day(2026, 3, 2));
    CHECK(config::site_clock(paris(), at(2026, 3, 2, 0h)).day == day(2026, 3, 2));
    // Summer (UTC+2): local midnight of 2 July 2026 is 1 July 22:00 UTC.
    CHECK(config::site_clock(paris(), at(2026, 7, 1, 21h + 59min + 59s)).day == day(2026, 7, 1));
    CHECK(config::site_clock(paris(), at(2026, 7, 1, 22h)).day == day(2026, 7, 2));
    const engine::Time t = at(2026, 7, 1, 22h);
    CHECK(config::site_clock(paris(), t).now == t);
}

TEST_CASE("29 March 2026 is 23 hours long in Paris: 02:00 jumps to 03:00") {
    // The day starts at 28 March 23:00 UTC (midnight, UTC+1) and ends at 29 March 22:00 UTC
    // (midnight, UTC+2).
    CHECK(config::site_clock(paris(), at(2026, 3, 28, 22h + 59min + 59s)).day == day(2026, 3, 28));
    CHECK(config::site_clock(paris(), at(2026, 3, 28, 23h)).day == day(2026, 3, 29));
    CHECK(config::site_clock(paris(), at(2026, 3, 29, 21h + 59min + 59s)).day == day(2026, 3, 29));
    CHECK(config::site_clock(paris(), at(2026, 3, 29, 22h)).day == day(2026, 3, 30));

    CHECK(config::format_local_iso(paris(), at(2026, 3, 28, 23h)) == "2026-03-29T00:00:00+01:00");
    CHECK(config::format_local_iso(paris(), at(2026, 3, 29, 0h + 59min + 59s)) ==
          "2026-03-29T01:59:59+01:00");
    CHECK(config::format_local_iso(paris(), at(2026, 3, 29, 1h)) == "2026-03-29T03:00:00+02:00");
    CHECK(config::format_local_iso(paris(), at(2026, 3, 29, 22h)) == "2026-03-30T00:00:00+02:00");
    CHECK(config::format_local_date(paris(), at(2026, 3, 29, 21h + 59min)) == "2026-03-29");
    CHECK(config::format_local_date(paris(), at(2026, 3, 29, 22h)) == "2026-03-30");
}

TEST_CASE("25 October 2026 is 25 hours long in Paris: 03:00 goes back to 02:00") {
    // The day starts at 24 October 22:00 UTC (UTC+2) and ends at 25 October 23:00 UTC (UTC+1).
    CHECK(config::site_clock(paris(), at(2026, 10, 24, 21h + 59min + 59s)).day ==
          day(2026, 10, 24));
    CHECK(config::site_clock(paris(), at(2026, 10, 24, 22h)).day == day(2026, 10, 25));
    CHECK(config::site_clock(paris(), at(2026, 10, 25, 22h + 59min + 59s)).day ==
          day(2026, 10, 25));
    CHECK(config::site_clock(paris(), at(2026, 10, 25, 23h)).day == day(2026, 10, 26));

    // 02:30 happens twice; the offset tells the two apart.
    CHECK(config::format_local_iso(paris(), at(2026, 10, 25, 0h + 30min)) ==
          "2026-10-25T02:30:00+02:00");
    CHECK(config::format_local_iso(paris(), at(2026, 10, 25, 1h + 30min)) ==
          "2026-10-25T02:30:00+01:00");
    CHECK(config::format_local_iso(paris(), at(2026, 10, 25, 22h + 59min + 59s)) ==
          "2026-10-25T23:59:59+01:00");
    CHECK(config::format_local_date(paris(), at(2026, 10, 24, 22h)) == "2026-10-25");
    CHECK(config::format_local_date(paris(), at(2026, 10, 25, 23h)) == "2026-10-26");
}

TEST_CASE("numbers restart at the local midnight that ends the 23-hour day of 29 March 2026") {
    engine::Engine e{town_hall()};
    CHECK(take_at(e, at(2026, 3, 28, 22h + 59min)) == "A001");  // 28 March, 23:59 local
    CHECK(take_at(e, at(2026, 3, 28, 23h)) == "A001");          // 29 March, 00:00 local
    CHECK(take_at(e, at(2026, 3, 29, 0h + 59min)) == "A002");   // 01:59+01:00
    CHECK(take_at(e, at(2026, 3, 29, 1h)) == "A003");           // 03:00+02:00, same day
    CHECK(take_at(e, at(2026, 3, 29, 21h + 59min)) == "A004");  // 23:59+02:00, same day
    CHECK(take_at(e, at(2026, 3, 29, 22h + 30min)) == "A001");  // 30 March, 00:30 local
    CHECK(e.ticket("A001")->day == day(2026, 3, 30));
}

TEST_CASE("numbers continue through the repeated hour and restart after the 25-hour day") {
    engine::Engine e{town_hall()};
    CHECK(take_at(e, at(2026, 10, 24, 21h + 59min)) == "A001");  // 24 October, 23:59+02:00
    CHECK(take_at(e, at(2026, 10, 24, 22h)) == "A001");          // 25 October, 00:00+02:00
    CHECK(take_at(e, at(2026, 10, 25, 0h + 30min)) == "A002");   // 02:30+02:00
    CHECK(take_at(e, at(2026, 10, 25, 1h + 30min)) == "A003");   // 02:30+01:00, same day
    CHECK(take_at(e, at(2026, 10, 25, 22h + 59min)) == "A004");  // 23:59+01:00, same day
    CHECK(take_at(e, at(2026, 10, 25, 23h)) == "A001");          // 26 October, 00:00+01:00
    CHECK(e.ticket("A001")->day == day(2026, 10, 26));
}
