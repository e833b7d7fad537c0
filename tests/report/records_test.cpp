// What the reports read from the log: the fast reader (load_records) against every row parsed
// in full (record_from_row, as an evidence folder is read).
#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "controller/report/records.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;

namespace {

std::vector<report::Record> parsed_rows(SQLite::Database& db, const std::string& day) {
    SQLite::Statement rows(db,
                           "SELECT seq, at, day, type, ticket, service, counter, data FROM events"
                           " WHERE day = ? ORDER BY seq");
    rows.bind(1, day);
    std::vector<report::Record> out;
    auto text = [&](int i) {
        return rows.getColumn(i).isNull() ? "" : rows.getColumn(i).getString();
    };
    while (rows.executeStep())
        out.push_back(report::record_from_row(
            rows.getColumn(0).getInt64(),
            engine::Time(std::chrono::seconds(rows.getColumn(1).getInt64())), text(2), text(3),
            text(4), text(5), text(6), nlohmann::json::parse(rows.getColumn(7).getString())));
    return out;
}

}  // namespace

TEST_CASE("Records read from the log carry the recalls, estimates and notes of the stored data") {
    test::TempDir dir("records");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    const auto log = report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    const auto parsed = parsed_rows(store.database(), test::kFixtureDay);
    REQUIRE(log.records.size() == parsed.size());
    int recalls = 0, estimates = 0, notes = 0;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        const report::Record& fast = log.records[i];
        const report::Record& full = parsed[i];
        INFO("seq " << full.seq << " " << full.type);
        CHECK(fast.seq == full.seq);
        CHECK(fast.at == full.at);
        CHECK(fast.type == full.type);
        CHECK(fast.ticket == full.ticket);
        CHECK(fast.service == full.service);
        CHECK(fast.counter == full.counter);
        CHECK(fast.recall == full.recall);
        CHECK(fast.estimated_wait_s == full.estimated_wait_s);
        CHECK(fast.data == full.data);
        recalls += fast.recall;
        estimates += fast.estimated_wait_s.has_value();
        notes += fast.type == "survey.voted" || fast.type.rfind("alert.", 0) == 0;
    }
    CHECK(recalls == 1);    // A002 at 10:47
    CHECK(estimates == 2);  // A001 (300 s) and A002 (240 s)
    CHECK(notes == 5);      // three votes, one alert raised and resolved
}

TEST_CASE("Only refused requests are read, the accepted ones being in the events") {
    test::TempDir dir("records");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    const auto log = report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    REQUIRE(log.requests.size() == 5);  // 4 ticket.take and 1 counter.open refused at 16:52-16:56
    for (const report::Request& q : log.requests) CHECK_FALSE(q.ok);
    CHECK(log.requests.front().error == "cutoff");
}

TEST_CASE("A day's records include one logged after later days, and nothing of those days") {
    test::TempDir dir("records");
    store::EventStore store((dir / "log.db").string());
    const auto* zone = config::find_zone("Europe/Paris");
    test::write_fixture_day(store, "2026-11-23");
    test::write_fixture_day(store, "2026-11-24");
    test::LogWriter late(store, zone, "2026-11-23");  // e.g. a controller restarted on a past clock
    late.note(late.at(18, 0), "survey.voted", {{"score", 2}});
    const auto day = report::load_records(store.database(), "2026-11-23", "2026-11-23");
    const auto next = report::load_records(store.database(), "2026-11-24", "2026-11-24");
    CHECK(day.records.size() == next.records.size() + 1);
    CHECK(day.records.back().type == "survey.voted");
    for (const report::Record& r : day.records) CHECK(r.day == "2026-11-23");
    const auto both = report::load_records(store.database(), "2026-11-23", "2026-11-24");
    CHECK(both.records.size() == day.records.size() + next.records.size());
    CHECK(both.requests.size() == 10);
}
