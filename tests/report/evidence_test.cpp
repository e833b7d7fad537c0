// Tamper evidence: the hash chain in the store, evidence export and verification, retention.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "controller/config/site_time.h"
#include "controller/evidence/evidence.h"
#include "controller/report/archive.h"
#include "controller/report/report_json.h"
#include "controller/report/run_report.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
namespace fs = std::filesystem;

namespace {

const char* kConfigName = "site.toml";

// The fixture site as a file (evidence folders carry the config they were computed with).
std::string write_config(const test::TempDir& dir) {
    const auto path = dir / kConfigName;
    test::write_file(path,
                     std::string(test::fixture_site_toml()) + "\n[store]\npath = \"log.db\"\n");
    return path.string();
}

bool has(const evidence::Verification& v, const std::string& kind, std::int64_t seq) {
    for (const auto& p : v.problems)
        if (p.kind == kind && (seq == 0 || p.seq == seq)) return true;
    return false;
}

std::string problems(const evidence::Verification& v) {
    std::string out;
    for (const auto& p : v.problems)
        out += p.kind + " #" + std::to_string(p.seq) + ": " + p.message + "\n";
    return out;
}

std::vector<std::string> lines(const fs::path& p) {
    std::vector<std::string> out;
    std::istringstream in(test::read_file(p));
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

void write_lines(const fs::path& p, const std::vector<std::string>& ls) {
    std::string text;
    for (const auto& l : ls) text += l + "\n";
    test::write_file(p, text);
}

// Swaps every column but seq of two events, as an edit of the live store would.
void swap_in_store(SQLite::Database& db, int a, int b) {
    const std::string cols =
        "at, day, type, ticket, service, counter, device, request_id, data, hash";
    db.exec("CREATE TEMP TABLE t AS SELECT seq, " + cols + " FROM events WHERE seq IN (" +
            std::to_string(a) + "," + std::to_string(b) + ")");
    for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}})
        db.exec("UPDATE events SET (" + cols + ") = (SELECT " + cols +
                " FROM t WHERE seq = " + std::to_string(y) + ") WHERE seq = " + std::to_string(x));
    db.exec("DROP TABLE t");
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors") {
    CHECK(store::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(store::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(store::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(store::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Every appended event is chained to the previous one, across reopenings") {
    test::TempDir dir("chain");
    const std::string path = (dir / "log.db").string();
    {
        store::EventStore s(path);
        test::write_fixture_day(s);
    }
    store::EventStore s(path);
    test::write_fixture_day(s, "2026-11-24");
    CHECK(evidence::verify_store(path).ok());
    CHECK(evidence::verify_store(path).events == s.last_seq());
    CHECK(s.chain_head() ==
          s.database().execAndGet("SELECT hash FROM events ORDER BY seq DESC LIMIT 1").getString());
}

TEST_CASE("A store of schema 1 is migrated: every row kept and chained, appends continue") {
    test::TempDir dir("migrate");
    const std::string path = (dir / "log.db").string();
    {
        store::EventStore s(path);
        test::write_fixture_day(s);
        // Back to what schema 1 stored: no hash column, no anchor table.
        auto& db = s.database();
        db.exec("DROP TABLE chain_anchor");
        db.exec("ALTER TABLE events DROP COLUMN hash");
        db.exec("PRAGMA user_version=1");
    }
    SQLite::Database before(path, SQLite::OPEN_READONLY);
    const int rows = before.execAndGet("SELECT COUNT(*) FROM events").getInt();
    const std::string data = before.execAndGet("SELECT group_concat(data) FROM events").getString();
    store::EventStore s(path);
    CHECK(s.database().execAndGet("PRAGMA user_version").getInt() == 2);
    CHECK(s.database().execAndGet("SELECT COUNT(*) FROM events").getInt() == rows);
    CHECK(s.database().execAndGet("SELECT group_concat(data) FROM events").getString() == data);
    test::write_fixture_day(s, "2026-11-24");
    const auto v = evidence::verify_store(path);
    INFO(problems(v));
    CHECK(v.ok());
    CHECK(v.events == 2 * rows);
}

TEST_CASE("Live store: an altered, a deleted and a reordered event are each named") {
    test::TempDir dir("live");
    const std::string path = (dir / "log.db").string();
    store::EventStore s(path);
    test::write_fixture_day(s);
    auto& db = s.database();
    db.exec("UPDATE events SET at = at + 60 WHERE seq = 10");
    db.exec("DELETE FROM events WHERE seq = 15");
    swap_in_store(db, 30, 31);
    db.exec("UPDATE events SET ticket = 'Z999' WHERE seq = 45");
    db.exec("UPDATE events SET hash = '" + std::string(64, 'f') + "' WHERE seq = 45");
    const auto v = evidence::verify_store(path);
    INFO(problems(v));
    CHECK(has(v, "altered", 10));
    CHECK(has(v, "missing", 15));
    CHECK(has(v, "reordered", 30));
    CHECK(has(v, "hash_rewritten", 45));
    CHECK(v.problems.size() == 4);
}

TEST_CASE("An evidence export verifies, and recomputes the same figures") {
    test::TempDir dir("export");
    const std::string config = write_config(dir);
    const std::string path = (dir / "log.db").string();
    {
        store::EventStore s(path);
        test::write_fixture_day(s);
        test::write_fixture_day(s, "2026-11-24");
    }
    const auto site = std::get<config::SiteConfig>(config::load_site_config(config));
    const auto out = dir / "evidence";
    const auto r =
        evidence::export_evidence(site, config, path, "2026-11-24", "2026-11-24", out.string());
    CHECK(r.days == 1);
    CHECK(fs::exists(out / "reports/2026-11-24.html"));
    const auto v = evidence::verify_export(out.string());
    INFO(problems(v));
    CHECK(v.ok());
    CHECK(v.days == 1);
    CHECK(v.events == r.events);
    CHECK(evidence::run_verify(out.string()) == 0);
}

TEST_CASE("Exported set: altered, deleted and reordered events and altered figures are named") {
    test::TempDir dir("tamper");
    const std::string config = write_config(dir);
    const std::string path = (dir / "log.db").string();
    {
        store::EventStore s(path);
        test::write_fixture_day(s);
    }
    const auto site = std::get<config::SiteConfig>(config::load_site_config(config));
    const auto out = dir / "evidence";
    evidence::export_evidence(site, config, path, test::kFixtureDay, test::kFixtureDay,
                              out.string());
    const auto events = out / "events.jsonl";
    auto original = lines(events);

    SECTION("altered") {
        auto ls = original;
        auto row = nlohmann::json::parse(ls[9]);  // seq 10
        row["at"] = row["at"].get<std::int64_t>() + 3600;
        ls[9] = row.dump();
        write_lines(events, ls);
        const auto v = evidence::verify_export(out.string());
        INFO(problems(v));
        CHECK(has(v, "altered", 10));
        CHECK(has(v, "file_altered", 0));
    }
    SECTION("deleted") {
        auto ls = original;
        ls.erase(ls.begin() + 11);  // seq 12
        write_lines(events, ls);
        const auto v = evidence::verify_export(out.string());
        INFO(problems(v));
        CHECK(has(v, "missing", 12));
        CHECK_FALSE(has(v, "altered", 0));
    }
    SECTION("reordered") {
        auto ls = original;
        std::swap(ls[19], ls[20]);  // seq 20 and 21
        write_lines(events, ls);
        const auto v = evidence::verify_export(out.string());
        INFO(problems(v));
        CHECK(has(v, "reordered", 20));
        CHECK_FALSE(has(v, "missing", 0));
        CHECK_FALSE(has(v, "altered", 0));
        CHECK_FALSE(has(v, "figures_differ", 0));  // figures come from log order
    }
    SECTION("last event cut") {
        auto ls = original;
        ls.pop_back();
        write_lines(events, ls);
        const auto v = evidence::verify_export(out.string());
        CHECK(has(v, "truncated", static_cast<std::int64_t>(original.size())));
    }
    SECTION("figures altered in a daily report") {
        const auto file = out / "reports" / (std::string(test::kFixtureDay) + ".json");
        auto j = nlohmann::json::parse(test::read_file(file));
        j["commitment"]["gaps"] = 0;
        test::write_file(file, j.dump(2));
        const auto v = evidence::verify_export(out.string());
        INFO(problems(v));
        CHECK(has(v, "figures_differ", 0));
        CHECK(problems(v).find("/commitment/gaps") != std::string::npos);
        CHECK(evidence::run_verify(out.string()) == 1);
    }
}

TEST_CASE("Retention purges old ticket events, keeps daily aggregates, and logs the purge") {
    test::TempDir dir("retention");
    const std::string config = write_config(dir);
    const std::string path = (dir / "log.db").string();
    {
        store::EventStore s(path);
        test::write_fixture_day(s, "2026-11-23");
        test::write_fixture_day(s, "2026-11-24");
    }
    const auto site = std::get<config::SiteConfig>(config::load_site_config(config));
    const auto* zone = config::find_zone("Europe/Paris");
    report::PeriodReport before;
    std::int64_t old_events = 0;
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        before = report::period_report(db, site, zone, "2026-11-23", "2026-11-24");
        old_events =
            db.execAndGet("SELECT COUNT(*) FROM events WHERE day < '2026-11-24'").getInt64();
    }
    const auto r = evidence::purge_old_events(site, path, "2026-11-25", 1);
    CHECK(r.first_kept_day == "2026-11-24");
    CHECK(r.days_saved == 1);
    CHECK(r.events_removed == old_events);
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        CHECK(db.execAndGet(
                    "SELECT COUNT(*) FROM events WHERE day = '2026-11-23' AND type LIKE 'ticket.%'")
                  .getInt() == 0);
        CHECK(db.execAndGet("SELECT COUNT(*) FROM requests WHERE day = '2026-11-23'").getInt() ==
              0);
        CHECK(
            db.execAndGet("SELECT COUNT(*) FROM events WHERE type = 'retention.purged'").getInt() ==
            1);
        const auto after = report::period_report(db, site, zone, "2026-11-23", "2026-11-24");
        CHECK(nlohmann::json(after) == nlohmann::json(before));
    }
    auto v = evidence::verify_store(path);
    INFO(problems(v));
    CHECK(v.ok());
    {
        store::EventStore s(path);  // appends continue the chain after the purge
        test::write_fixture_day(s, "2026-11-25");
    }
    CHECK(evidence::verify_store(path).ok());
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        db.exec("DELETE FROM events WHERE seq = (SELECT MIN(seq) FROM events)");
    }
    CHECK(has(evidence::verify_store(path), "missing", 0));
}

TEST_CASE("guichet report: a day or a period to a file in each format, bad arguments refused") {
    test::TempDir dir("cli");
    const std::string config = write_config(dir);
    {
        store::EventStore s((dir / "log.db").string());
        test::write_fixture_day(s);
    }
    report::ReportArgs args;
    args.config_path = config;
    args.store = (dir / "log.db").string();
    args.day = test::kFixtureDay;
    args.format = "json";
    args.out = (dir / "r.json").string();
    REQUIRE(report::run_report(args) == 0);
    CHECK(nlohmann::json::parse(test::read_file(dir / "r.json"))["commitment"]["gaps"] == 4);
    args.to = "2026-11-29";
    args.format = "csv";
    args.csv_dialect = "en";
    args.out = (dir / "week.csv").string();
    REQUIRE(report::run_report(args) == 0);
    CHECK(test::read_file(dir / "week.csv").find("Waiting report from") == std::string::npos);
    CHECK(test::read_file(dir / "week.csv").find("Rapport d'attente du 2026-11-23 au 2026-11-29") !=
          std::string::npos);
    args.format = "pdf";
    CHECK(report::run_report(args) == 2);
    args.format = "html";
    args.day = "2026-13-01";
    CHECK(report::run_report(args) == 2);
    args.day = "2026-11-30";  // after --to
    CHECK(report::run_report(args) == 2);
}
