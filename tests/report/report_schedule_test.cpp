// When the controller writes a day's reports, and the pass that writes them.
#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "controller/daemon/daily_reports.h"
#include "controller/report/archive.h"
#include "controller/report/report_json.h"
#include "controller/report/report_schedule.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;

namespace {

const char* kMairie = R"toml(
[site]
id = "mairie"
name = "Mairie"
timezone = "Europe/Paris"

[[hours]]
days = ["mon", "tue", "wed", "fri"]
open = "08:30"
close = "17:00"

[[hours]]
days = ["thu"]
open = "08:30"
close = "19:30"

[[hours]]
days = ["sat"]
open = "09:00"
close = "12:30"
services = ["etat-civil"]

[[closure]]
date = "2026-12-25"
reason = "Noël"

[[service]]
id = "etat-civil"
prefix = "A"
label = "État civil"

[[service]]
id = "titres"
prefix = "B"
label = "Titres"

[reports]
folder = "rapports"
after_closing_min = 30
)toml";

const char* kAlwaysOpen = R"toml(
[site]
id = "musee"
name = "Musée"
[[service]]
id = "visite"
prefix = "V"
label = "Visite"
)toml";

config::SiteConfig parse(const std::string& text) {
    auto parsed = config::parse_site_config(text, "site.toml");
    if (auto* err = std::get_if<config::ConfigError>(&parsed))
        throw std::runtime_error(err->message());
    return std::get<config::SiteConfig>(parsed);
}

const date::time_zone* paris() {
    return config::find_zone("Europe/Paris");
}

std::string local_iso(engine::Time t) {
    return config::format_local_iso(paris(), t);
}

engine::Time local(const std::string& day, int hour, int minute) {
    const date::local_days d{report::parse_day(day).value().time_since_epoch()};
    return date::floor<std::chrono::seconds>(paris()->to_sys(
        d + std::chrono::hours(hour) + std::chrono::minutes(minute), date::choose::earliest));
}

}  // namespace

TEST_CASE("A day closes at the end of its last opening, or at midnight without one") {
    const auto site = parse(kMairie);
    auto closes = [&](const std::string& day) {
        return local_iso(report::day_closes_at(site, paris(), day));
    };
    CHECK(closes("2026-11-23") == "2026-11-23T17:00:00+01:00");  // Monday
    CHECK(closes("2026-11-26") == "2026-11-26T19:30:00+01:00");  // Thursday late opening
    CHECK(closes("2026-11-28") == "2026-11-28T12:30:00+01:00");  // Saturday, one service
    CHECK(closes("2026-11-29") == "2026-11-30T00:00:00+01:00");  // Sunday: no opening
    CHECK(closes("2026-12-25") == "2026-12-26T00:00:00+01:00");  // a closure day
    // The autumn clock change: the day without opening lasts 25 hours.
    CHECK(report::day_closes_at(site, paris(), "2026-10-25") - local("2026-10-25", 0, 0) ==
          std::chrono::hours(25));
    const auto always_open = parse(kAlwaysOpen);
    CHECK(local_iso(report::day_closes_at(always_open, paris(), "2026-11-23")) ==
          "2026-11-24T00:00:00+01:00");
    CHECK_THROWS_AS(report::day_closes_at(site, paris(), "2026-13-01"), std::invalid_argument);
}

TEST_CASE("Reports are due after closing plus the delay, oldest first, unless already written") {
    const auto site = parse(kMairie);
    const std::vector<std::string> days = {"2026-11-22", "2026-11-23", "2026-11-24"};
    auto none = [](const std::string&) { return false; };
    using V = std::vector<std::string>;
    CHECK(report::reports_due(site, paris(), local("2026-11-24", 17, 29), days, none) ==
          V{"2026-11-22", "2026-11-23"});
    CHECK(report::reports_due(site, paris(), local("2026-11-24", 17, 30), days, none) ==
          V{"2026-11-22", "2026-11-23", "2026-11-24"});
    CHECK(report::reports_due(site, paris(), local("2026-11-24", 17, 30), days,
                              [](const std::string& d) { return d != "2026-11-23"; }) ==
          V{"2026-11-23"});
    CHECK(report::reports_due(site, paris(), local("2026-11-22", 23, 59), days, none).empty());
}

TEST_CASE(
    "The site config's reports table names a folder, formats and a delay, and refuses unknown "
    "formats") {
    const auto site = parse(kMairie);
    CHECK(site.reports.folder == "rapports");
    CHECK(site.reports.formats == std::vector<std::string>{"html", "csv", "json"});
    CHECK(site.reports.after_closing == std::chrono::minutes(30));
    CHECK(parse(std::string(kMairie) + "formats = [\"json\"]\n").reports.formats ==
          std::vector<std::string>{"json"});
    CHECK(parse(kAlwaysOpen).reports.folder.empty());
    auto parsed =
        config::parse_site_config(std::string(kMairie) + "formats = [\"pdf\"]\n", "s.toml");
    REQUIRE(std::holds_alternative<config::ConfigError>(parsed));
    CHECK(std::get<config::ConfigError>(parsed).message() ==
          "s.toml:40: unknown report format 'pdf' (html, csv, json)");
}

TEST_CASE("A pass writes each closed day of the log once, and leaves written days alone") {
    test::TempDir dir("day-reports");
    auto site = test::fixture_site();  // open every day 08:30-17:00
    site.store_path = (dir / "log.db").string();
    site.reports.folder = (dir / "rapports").string();
    site.reports.after_closing = std::chrono::minutes(30);
    {
        store::EventStore store(site.store_path);
        test::write_fixture_day(store, "2026-11-23");
        test::write_fixture_day(store, "2026-11-24");
    }
    using V = std::vector<std::string>;
    CHECK(daemon::write_due_reports(site, local("2026-11-24", 17, 0)) == V{"2026-11-23"});
    const auto file = [&](const std::string& name) { return dir / "rapports" / name; };
    const auto json = nlohmann::json::parse(test::read_file(file("rapport-2026-11-23.json")));
    CHECK(json.get<report::DailyReport>().summary.issued == 13);
    CHECK(test::read_file(file("rapport-2026-11-23.html")).find("<html") != std::string::npos);
    CHECK(test::read_file(file("rapport-2026-11-23.csv")).rfind("\xEF\xBB\xBF", 0) == 0);

    // After the 24th closes: only that day. A written day is never rewritten; a day missing
    // one of its files is written again.
    test::write_file(file("rapport-2026-11-23.html"), "gardé");
    CHECK(daemon::write_due_reports(site, local("2026-11-24", 17, 30)) == V{"2026-11-24"});
    CHECK(daemon::write_due_reports(site, local("2026-11-25", 9, 0)).empty());
    std::filesystem::remove(file("rapport-2026-11-24.csv"));
    CHECK(daemon::write_due_reports(site, local("2026-11-25", 9, 0)) == V{"2026-11-24"});
    CHECK(test::read_file(file("rapport-2026-11-23.html")) == "gardé");
    CHECK(std::filesystem::exists(file("rapport-2026-11-24.csv")));
    // The aggregates are saved too: a year's report reads them instead of the events.
    SQLite::Database db(site.store_path);
    CHECK(report::saved_daily(db, "2026-11-24"));
}
