// Period reports fold daily reports: totals, histogram percentiles, heat map, worst days.
#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "controller/report/archive.h"
#include "controller/report/render.h"
#include "controller/report/report_json.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using Approx = Catch::Detail::Approx;

TEST_CASE("A period sums its days and merges wait histograms for median and p90") {
    test::TempDir dir("period");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store, "2026-11-23");  // Monday
    test::write_fixture_day(store, "2026-11-24");  // Tuesday
    const auto site = test::fixture_site();
    const auto p = report::period_report(store.database(), site, config::find_zone("Europe/Paris"),
                                         "2026-11-22", "2026-11-25");
    CHECK(p.days.size() == 4);
    CHECK(p.days_open == 2);
    CHECK(p.summary.issued == 26);
    CHECK(p.summary.refused_cutoff == 2);
    CHECK(p.commitment.population == 24);
    CHECK(p.commitment.within == 16);
    CHECK(p.commitment.gaps == 8);
    CHECK(p.commitment.achieved_pct == Approx(200.0 / 3));
    const auto& a = p.services[0];
    CHECK(a.id == "etat-civil");
    CHECK(a.called == 14);
    CHECK(a.wait.mean_s == Approx(3720.0 / 7));
    CHECK(a.wait.median_s == 300);  // minutes 0 0 1 1 2 2 [5] 5 9 9 18 18 27 27
    CHECK(a.wait.p90_s == 1620);
    CHECK(a.within_target_pct == Approx(75.0));
    CHECK(p.heat[0][11].arrivals == 4);  // Monday 11:00-11:59: A005-A008
    CHECK(p.heat[0][11].mean_wait_s == Approx(810));
    CHECK(p.heat[1][9].arrivals == 3);  // Tuesday 9h: A001 B001 B002
    CHECK(p.heat[2][9].arrivals == 0);
    REQUIRE(p.worst_days.size() == 2);  // days without visitors are not "worst"
    CHECK(p.worst_days[0].day == "2026-11-23");
    CHECK(p.worst_days[0].weekday == 0);
    CHECK(p.satisfaction.votes == std::array<int, 4>{2, 0, 2, 2});
    const std::string html = report::render_html(p, report::Lang::fr);
    CHECK(html.find("Jour de semaine × heure") != std::string::npos);
    CHECK(html.find("8 écarts analysés dans les rapports quotidiens") != std::string::npos);
    CHECK(report::render_text(p, report::Lang::en).find("Worst days") != std::string::npos);
}

TEST_CASE("A period from the events has the same figures as from the saved daily aggregates") {
    test::TempDir dir("period");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store, "2026-11-23");
    test::write_fixture_day(store, "2026-11-24");
    const auto site = test::fixture_site();
    const auto* zone = config::find_zone("Europe/Paris");
    auto& db = store.database();
    // From the events, each day's figures alone (gaps counted, not analysed)...
    const nlohmann::json from_events =
        report::period_report(db, site, zone, "2026-11-22", "2026-11-25");
    // ...and from the aggregates saved from each day's full report.
    report::save_days(db, site, zone, "2026-11-22", "2026-11-25");
    REQUIRE(report::saved_daily(db, "2026-11-24"));
    const nlohmann::json from_saved =
        report::period_report(db, site, zone, "2026-11-22", "2026-11-25");
    CHECK(from_events == from_saved);
    CHECK(from_events["commitment"]["gaps"] == 8);
}

TEST_CASE("A saved daily aggregate is used only while the day's events are those it came from") {
    test::TempDir dir("cache");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    const auto site = test::fixture_site();
    const auto* zone = config::find_zone("Europe/Paris");
    auto& db = store.database();
    report::save_days(db, site, zone, test::kFixtureDay, test::kFixtureDay);
    auto saved = report::saved_daily(db, test::kFixtureDay);
    REQUIRE(saved);
    // Tamper with the saved copy: while valid, the cache is what is read...
    saved->summary.issued = 999;
    report::save_daily(db, *saved, store.chain_head());
    CHECK(report::daily_report(db, site, zone, test::kFixtureDay).summary.issued == 999);
    // ...and a late event of the day makes the report come from the events again.
    test::LogWriter w(store, zone, test::kFixtureDay);
    w.note(w.at(17, 5), "survey.voted", {{"score", 2}});
    const auto fresh = report::daily_report(db, site, zone, test::kFixtureDay);
    CHECK(fresh.summary.issued == 13);
    CHECK(fresh.satisfaction.votes[1] == 1);
}
