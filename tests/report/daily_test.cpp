// Daily figures against values computed by hand from tests/report/fixture.cpp.
#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "controller/report/daily.h"
#include "controller/report/render.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using Approx = Catch::Detail::Approx;

namespace {

// `now`: when the report is made (nullopt: the day is over).
report::DailyReport fixture_report(std::optional<engine::Time> now = std::nullopt) {
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    auto log = report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    return report::compute_daily(test::fixture_site(), config::find_zone("Europe/Paris"),
                                 test::kFixtureDay, log.records, log.requests, report::Detail::full,
                                 now);
}

const report::ServiceFigures& service(const report::DailyReport& r, const std::string& id) {
    for (const auto& s : r.services)
        if (s.id == id) return s;
    throw std::runtime_error("no service " + id);
}

const report::Slot& slot(const report::DailyReport& r, const std::string& label) {
    for (const auto& s : r.slots)
        if (s.label == label) return s;
    throw std::runtime_error("no slot " + label);
}

}  // namespace

TEST_CASE("Summary counts issued, served, no-shows, cancelled, left and refusals by cause") {
    const auto r = fixture_report();
    CHECK(r.summary.issued == 13);
    CHECK(r.summary.served == 10);  // A001 A004 A005-A008, B001-B004
    CHECK(r.summary.no_shows == 1);
    CHECK(r.summary.cancelled == 1);
    CHECK(r.summary.left_unserved == 1);  // A009, never called
    CHECK(r.summary.transferred == 1);
    CHECK(r.summary.refused_cutoff == 1);
    CHECK(r.summary.refused_capacity == 1);
    CHECK(r.summary.refused_closed == 1);
    CHECK(r.summary.refused_quota == 0);
    CHECK(r.summary.refused_other == 1);  // unknown_service; counter.open refusals are not visitors
}

TEST_CASE(
    "Before the day closes the report is provisional and the tickets not called are still "
    "waiting") {
    const auto* paris = config::find_zone("Europe/Paris");
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    const test::LogWriter clock(store, paris, test::kFixtureDay);
    const auto noon = fixture_report(clock.at(12, 0));
    CHECK(noon.in_progress);
    CHECK(noon.summary.still_waiting == 1);  // A009
    CHECK(noon.summary.left_unserved == 0);
    CHECK(service(noon, "etat-civil").left_unserved == 0);
    CHECK(report::render_text(noon, report::Lang::fr).find("Rapport provisoire") !=
          std::string::npos);
    // From the closing on (17:00), the same as a report of a day that is over.
    const auto evening = fixture_report(clock.at(17, 0));
    CHECK_FALSE(evening.in_progress);
    CHECK(evening.summary.still_waiting == 0);
    CHECK(evening.summary.left_unserved == 1);
    CHECK(report::render_text(evening, report::Lang::fr).find("provisoire") == std::string::npos);
}

TEST_CASE("Return-time tickets are counted from the log's return_time.given notes") {
    CHECK(fixture_report().summary.return_time == 0);
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    test::LogWriter log(store, config::find_zone("Europe/Paris"), test::kFixtureDay);
    log.note(log.at(9, 0), "return_time.given",
             {{"number", "A009"},
              {"service", "etat-civil"},
              {"return_at", "2026-11-23T10:10:00+01:00"}});
    const auto records =
        report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    const auto r = report::compute_daily(test::fixture_site(), config::find_zone("Europe/Paris"),
                                         test::kFixtureDay, records.records, records.requests);
    CHECK(r.summary.return_time == 1);
    CHECK(r.summary.issued == 13);  // an ordinary ticket in every other figure
}

TEST_CASE("Waits per service are issue to first call: mean, nearest-rank median and p90, max") {
    const auto r = fixture_report();
    const auto& a = service(r, "etat-civil");
    // Called A waits: 0 60 120 300 540 1080 1620 (A003 cancelled, A009 never called).
    CHECK(a.issued == 9);
    CHECK(a.cancelled == 1);
    CHECK(a.called == 7);
    CHECK(a.wait.mean_s == Approx(3720.0 / 7));
    CHECK(a.wait.median_s == 300);
    CHECK(a.wait.p90_s == 1620);
    CHECK(a.wait.max_s == 1620);
    CHECK(a.wait_minutes.size() == 28);
    CHECK(a.wait_minutes[27] == 1);
    const auto& b = service(r, "titres");
    // B waits: 0 300 1500 2100.
    CHECK(b.wait.mean_s == Approx(975));
    CHECK(b.wait.median_s == 300);
    CHECK(b.wait.p90_s == 2100);
    CHECK(b.wait.max_s == 2100);
}

TEST_CASE("Share within target counts never-called tickets as missed, cancelled ones not at all") {
    const auto r = fixture_report();
    const auto& a = service(r, "etat-civil");
    CHECK(a.within_target == 6);
    CHECK(a.within_target_pct == Approx(75.0));  // 6 of 8
    CHECK(a.above_kpi_pct == Approx(25.0));
    CHECK(a.served == 6);
    CHECK(a.no_shows == 1);
    CHECK(a.left_unserved == 1);
    CHECK(service(r, "titres").within_target_pct == Approx(50.0));
}

TEST_CASE("Service time runs from start, or from the call when never started, to finish") {
    const auto r = fixture_report();
    const auto& a = service(r, "etat-civil");
    // Finished A visits: 300 600 600 600 600 (A004's first visit ended by a transfer).
    CHECK(a.service_time.count == 5);
    CHECK(a.service_time.mean_s == Approx(540));
    CHECK(a.service_time.p90_s == 600);
    const auto& b = service(r, "titres");
    // B visits, A004 after its transfer included: 240 600 600 900 2700.
    CHECK(b.service_time.count == 5);
    CHECK(b.service_time.mean_s == Approx(1008));
    CHECK(b.service_time.median_s == 600);
    CHECK(b.service_time.p90_s == 2700);
}

TEST_CASE("Estimate accuracy is the mean absolute error over tickets with a logged estimate") {
    const auto r = fixture_report();
    const auto& a = service(r, "etat-civil");
    CHECK(a.estimates == 2);
    CHECK(a.estimate_mae_s == Approx(120));  // |300-120| and |240-300|
    CHECK(service(r, "titres").estimates == 0);
}

TEST_CASE("Counters: served, mean service, open and paused time, utilisation") {
    const auto r = fixture_report();
    REQUIRE(r.counters.size() == 2);
    const auto& c1 = r.counters[0];
    CHECK(c1.label == "Guichet 1");
    CHECK(c1.served == 5);
    CHECK(c1.mean_service_s == Approx(540));
    CHECK(c1.open_s == 8 * 3600);
    CHECK(c1.paused_s == 0);
    CHECK(c1.busy_s == 3240);
    CHECK(c1.utilisation_pct == Approx(11.25));
    const auto& c2 = r.counters[1];
    CHECK(c2.served == 5);
    CHECK(c2.mean_service_s == Approx(1008));
    CHECK(c2.open_s == 1800 + 1800 + 4500);
    CHECK(c2.paused_s == 1800);
    CHECK(c2.busy_s == 5160);
    CHECK(c2.utilisation_pct == Approx(100.0 * 5160 / 9900));
}

TEST_CASE("Quarter-hour slots: arrivals, first calls, waiting, peak and counters open") {
    const auto r = fixture_report();
    CHECK(r.slots.front().label == "09:00");
    CHECK(r.slots.back().label == "17:00");
    CHECK(r.slots.size() == 33);
    const auto& s900 = slot(r, "09:00");
    CHECK(s900.arrivals == 2);
    CHECK(s900.calls == 2);
    CHECK(s900.waiting == 0);
    CHECK(s900.max_waiting == 1);
    CHECK(s900.counters_open == 2);
    CHECK(s900.wait_sum_s == 420);
    CHECK(s900.start == "2026-11-23T09:00:00+01:00");
    const auto& s930 = slot(r, "09:30");
    CHECK(s930.arrivals == 1);
    CHECK(s930.waiting == 1);
    CHECK(s930.counters_open == 1);  // counter 2 paused
    const auto& s1100 = slot(r, "11:00");
    CHECK(s1100.arrivals == 4);
    CHECK(s1100.calls == 2);
    CHECK(s1100.waiting == 2);
    CHECK(s1100.max_waiting == 3);
    CHECK(s1100.wait_sum_s == 3240);
    CHECK(s1100.waits == 4);
    CHECK(slot(r, "17:00").counters_open == 0);
    CHECK(slot(r, "17:00").waiting == 1);
}

TEST_CASE("Commitment 4: population, within target and the number of gaps") {
    const auto r = fixture_report();
    CHECK(r.commitment.target_s == 1200);
    CHECK(r.commitment.population == 12);
    CHECK(r.commitment.within == 8);
    CHECK(r.commitment.achieved_pct == Approx(200.0 / 3));
    CHECK(r.commitment.gaps == 4);
}

TEST_CASE("Gaps are grouped by cause: paused counters, surge, long services, none found") {
    const auto r = fixture_report();
    REQUIRE(r.gaps.size() == 4);
    CHECK(r.gaps[0].cause == "counters_paused");
    REQUIRE(r.gaps[0].tickets.size() == 1);
    CHECK(r.gaps[0].tickets[0].ticket == "B002");
    CHECK(r.gaps[0].tickets[0].wait_s == 1500);
    CHECK(r.gaps[0].tickets[0].over_s == 300);
    REQUIRE(r.gaps[0].alerts.size() == 1);
    CHECK(r.gaps[0].alerts[0].kind == "wait_over_target");
    CHECK(r.gaps[0].alerts[0].duration_s == 600);
    CHECK(r.gaps[1].cause == "surge");
    CHECK(r.gaps[1].tickets[0].ticket == "A008");
    CHECK(r.gaps[1].tickets[0].over_s == 420);
    CHECK(r.gaps[1].alerts.empty());
    CHECK(r.gaps[2].cause == "long_services");
    CHECK(r.gaps[2].tickets[0].ticket == "B004");
    CHECK(r.gaps[2].tickets[0].wait_s == 2100);
    CHECK(r.gaps[3].cause == "none_found");
    CHECK(r.gaps[3].tickets[0].ticket == "A009");
    CHECK(r.gaps[3].tickets[0].called_at.empty());
    CHECK(r.gaps[3].tickets[0].wait_s == 600);  // to the day's last event, 17:00
    CHECK(r.gaps[3].tickets[0].over_s == 0);
}

TEST_CASE(
    "Alerts as the controller logs them: a repeat is the same alert at its worst level, one "
    "continued from an earlier day counts from the day's first record") {
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);  // al-1: raised 09:50, resolved 10:00
    test::LogWriter w(store, config::find_zone("Europe/Paris"), test::kFixtureDay);
    const nlohmann::json al2 = {{"id", "printer:borne-1"},
                                {"kind", "printer"},
                                {"level", "critical"},
                                {"message", "Plus de papier : borne-1"}};
    w.note(w.at(16, 0), "alert.repeated", al2);   // open since an earlier day, continued
    w.note(w.at(16, 30), "alert.repeated", al2);  // still true: raised again, the same alert
    w.note(w.at(16, 40), "alert.resolved", al2);
    // Paper near its end, then out: one alert, reported at its worst.
    nlohmann::json paper = {{"id", "paper:borne-1"},
                            {"kind", "paper"},
                            {"level", "warning"},
                            {"message", "Papier bientôt épuisé : borne-1"}};
    w.note(w.at(16, 45), "alert.raised", paper);
    paper["level"] = "critical";
    paper["message"] = "Plus de papier : borne-1";
    w.note(w.at(16, 50), "alert.repeated", paper);
    paper["level"] = "warning";  // a roll half put back: less severe, the worst stays
    paper["message"] = "Papier bientôt épuisé : borne-1";
    w.note(w.at(16, 52), "alert.repeated", paper);
    w.note(w.at(16, 55), "alert.resolved", paper);
    const auto log = report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    const auto r = report::compute_daily(test::fixture_site(), config::find_zone("Europe/Paris"),
                                         test::kFixtureDay, log.records, log.requests);
    REQUIRE(r.alerts.size() == 3);
    CHECK(r.alerts[0].message == "Attente titres > 20 min");
    CHECK(r.alerts[0].duration_s == 600);
    CHECK(r.alerts[1].kind == "printer");
    CHECK(r.alerts[1].raised_at == "2026-11-23T16:00:00+01:00");
    CHECK(r.alerts[1].resolved_at == "2026-11-23T16:40:00+01:00");
    CHECK(r.alerts[1].duration_s == 2400);
    CHECK(r.alerts[1].level == "critical");
    CHECK(r.alerts[2].kind == "paper");
    CHECK(r.alerts[2].level == "critical");
    CHECK(r.alerts[2].message == "Plus de papier : borne-1");
    CHECK(r.alerts[2].raised_at == "2026-11-23T16:45:00+01:00");
    CHECK(r.alerts[2].duration_s == 600);
    REQUIRE(r.gaps[0].alerts.size() == 1);  // B002's wait, 09:35-10:00
    CHECK(r.gaps[0].alerts[0].duration_s == 600);
}

TEST_CASE("Satisfaction counts votes per score and per service") {
    const auto r = fixture_report();
    CHECK(r.satisfaction.votes == std::array<int, 4>{1, 0, 1, 1});
    CHECK(r.satisfaction.mean == Approx(8.0 / 3));
    REQUIRE(r.satisfaction.services.size() == 3);
    CHECK(r.satisfaction.services[0].service == "etat-civil");
    CHECK(r.satisfaction.services[1].service.empty());
    CHECK(r.satisfaction.services[2].votes[0] == 1);
}

TEST_CASE("The report names the events it comes from") {
    const auto r = fixture_report();
    CHECK(r.first_seq == 1);
    CHECK(r.events > 50);
    CHECK(r.last_seq == r.first_seq + r.events - 1);
}

TEST_CASE("Autumn clock change: a wait across 03:00 CEST -> 02:00 CET is real elapsed time") {
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    const auto* zone = config::find_zone("Europe/Paris");
    test::LogWriter w(store, zone, "2026-10-25");
    const engine::Time issued = w.at(2, 50);                        // 02:50 CEST = 00:50 UTC
    const engine::Time called = issued + std::chrono::minutes(20);  // 02:10 CET
    w.event(engine::CounterOpened{"1", {"etat-civil"}, w.at(2, 45)});
    w.issue("A001", "etat-civil", issued);
    w.event(engine::TicketCalled{"A001", "1", false, false, called});
    w.event(engine::TicketFinished{"A001", called + std::chrono::minutes(5)});
    auto log = report::load_records(store.database(), "2026-10-25", "2026-10-25");
    REQUIRE(log.records.size() == 4);
    const auto r =
        report::compute_daily(test::fixture_site(), zone, "2026-10-25", log.records, log.requests);
    CHECK(service(r, "etat-civil").wait.max_s == 1200);
    CHECK(r.commitment.achieved_pct == Approx(100));
    CHECK(r.counters[0].open_s == 30 * 60);
    // 02:45 CEST, then 02:00 CET again: the repeated hour is kept, with its offset.
    REQUIRE(r.slots.size() == 3);
    CHECK(r.slots[0].start == "2026-10-25T02:45:00+02:00");
    CHECK(r.slots[1].start == "2026-10-25T02:00:00+01:00");
    CHECK(r.slots[1].label == "02:00");
    CHECK(r.slots[2].label == "02:15");
}

TEST_CASE("Spring clock change: the skipped hour adds no wait and no empty slots") {
    test::TempDir dir("report");
    store::EventStore store((dir / "log.db").string());
    const auto* zone = config::find_zone("Europe/Paris");
    test::LogWriter w(store, zone, "2026-03-29");
    w.event(engine::CounterOpened{"1", {"etat-civil"}, w.at(1, 45)});
    w.issue("A001", "etat-civil", w.at(1, 50));                            // CET
    w.event(engine::TicketCalled{"A001", "1", false, false, w.at(3, 5)});  // CEST
    auto log = report::load_records(store.database(), "2026-03-29", "2026-03-29");
    const auto r =
        report::compute_daily(test::fixture_site(), zone, "2026-03-29", log.records, log.requests);
    CHECK(service(r, "etat-civil").wait.max_s == 15 * 60);
    REQUIRE(r.slots.size() == 2);
    CHECK(r.slots[0].label == "01:45");
    CHECK(r.slots[1].label == "03:00");
    CHECK(r.slots[1].start == "2026-03-29T03:00:00+02:00");
}
