#include <catch2/catch.hpp>

#include "controller/store/event_codec.h"
#include "controller/store/event_store.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using namespace std::chrono_literals;

namespace {

engine::Time t(int s) {
    return engine::Time{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 8h +
                        std::chrono::seconds(s)};
}

std::vector<engine::Event> one_of_each() {
    const engine::LocalDay day{std::chrono::year{2026} / 11 / 23};
    return {engine::TicketIssued{"A001", "etat-civil", true, t(0), day},
            engine::TicketPrinted{"A001", t(1)},
            engine::CounterOpened{"3", {"etat-civil", "titres"}, t(2)},
            engine::TicketCalled{"A001", "3", false, true, t(3)},
            engine::TicketStarted{"A001", t(4)},
            engine::TicketTransferred{"A001", "titres", engine::Position::front, t(5)},
            engine::TicketCalled{"A001", "3", true, false, t(6)},
            engine::TicketNoShow{"A001", t(7)},
            engine::TicketFinished{"A002", t(8)},
            engine::TicketCancelled{"A003", "papier épuisé", t(9)},
            engine::CounterPaused{"3", t(10)},
            engine::CounterClosed{"3", t(11)}};
}

store::Entry entry(std::string id, std::vector<engine::Event> events) {
    store::Entry e;
    e.device = "borne-1";
    e.request_id = std::move(id);
    e.op = "ticket.take";
    e.at = t(0);
    e.day = "2026-11-23";
    e.events = std::move(events);
    e.reply = "{\"id\":\"" + e.request_id + "\",\"ok\":true}";
    return e;
}

}  // namespace

TEST_CASE("every engine event survives encoding into the log and back") {
    for (const engine::Event& e : one_of_each()) {
        const auto back = store::decode_event(engine::event_type(e), store::encode_event(e));
        REQUIRE(back);
        CHECK(store::encode_event(*back) == store::encode_event(e));
        CHECK(engine::event_type(*back) == engine::event_type(e));
    }
    CHECK_FALSE(store::decode_event("survey.voted", {{"score", 4}}));
}

TEST_CASE("a broken engine record names its type instead of crashing") {
    CHECK_THROWS_WITH(store::decode_event("ticket.called", {{"number", "A001"}}),
                      Catch::Contains("broken 'ticket.called' record"));
}

TEST_CASE("appended events replay in order after the store is reopened") {
    test::TempDir dir;
    const std::string path = (dir / "site.db").string();
    {
        store::EventStore s(path);
        s.append({entry("r1", one_of_each())});
        store::Entry vote = entry("r2", {});
        vote.op = "survey.vote";
        vote.notes.push_back({"survey.voted", {{"score", 3}}});
        s.append({vote});
    }
    store::EventStore s(path);
    std::vector<store::StoredRecord> records;
    s.replay([&](const store::StoredRecord& r) { records.push_back(r); });
    const auto expected = one_of_each();
    REQUIRE(records.size() == expected.size() + 1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        REQUIRE(records[i].event);
        CHECK(store::encode_event(*records[i].event) == store::encode_event(expected[i]));
        CHECK(records[i].day == "2026-11-23");
    }
    CHECK(records.back().type == "survey.voted");
    CHECK_FALSE(records.back().event);
    CHECK(s.last_seq() == static_cast<std::int64_t>(expected.size() + 1));
}

TEST_CASE("the first reply to a (device, id) is kept and found again after reopening") {
    test::TempDir dir;
    const std::string path = (dir / "site.db").string();
    {
        store::EventStore s(path);
        s.append({entry("r1", {}), entry("r2", {})});
        CHECK_FALSE(s.reply_for("borne-2", "r1"));
    }
    store::EventStore s(path);
    CHECK(s.reply_for("borne-1", "r1") == std::string("{\"id\":\"r1\",\"ok\":true}"));
    CHECK(s.reply_for("borne-1", "r2"));
    CHECK_FALSE(s.reply_for("borne-1", "r3"));
}

TEST_CASE("the log is opened in WAL mode with full synchronous commits") {
    test::TempDir dir;
    store::EventStore s((dir / "site.db").string());
    CHECK(s.database().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(s.database().execAndGet("PRAGMA synchronous").getInt() == 2);
}

TEST_CASE("a store written by a newer Guichet is refused rather than misread") {
    test::TempDir dir;
    const std::string path = (dir / "site.db").string();
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version=999");
    }
    CHECK_THROWS_WITH(store::EventStore(path), Catch::Contains("newer Guichet"));
}

TEST_CASE("a record that is not JSON is reported with its sequence number") {
    test::TempDir dir;
    const std::string path = (dir / "site.db").string();
    store::EventStore s(path);
    s.append({entry("r1", one_of_each())});
    s.database().exec("UPDATE events SET data = '{not json' WHERE seq = 4");
    CHECK_THROWS_WITH(s.replay([](const store::StoredRecord&) {}), Catch::Contains("event 4"));
}
