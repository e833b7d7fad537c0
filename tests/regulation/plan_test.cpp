// `guichet plan` on a small fixed log whose figures are computed by hand below.
#include "controller/cli/plan.h"

#include <catch2/catch.hpp>

#include "controller/config/site_time.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using namespace std::chrono;

namespace {

// Always open, unless `hours` adds [[hours]] tables.
config::SiteConfig site(const std::string& hours = "") {
    auto parsed = config::parse_site_config(std::string(R"(
[site]
id = "plan"
name = "Site du plan"

[[service]]
id = "etat-civil"
prefix = "A"
label = "État civil"
target_wait_min = 20
mean_service_min = 5

[[service]]
id = "titres"
prefix = "D"
label = "Titres d'identité"
mean_service_min = 10

[[counter]]
id = "1"
services = ["etat-civil", "titres"]
)") + hours,
                                            "plan.toml");
    REQUIRE(std::holds_alternative<config::SiteConfig>(parsed));
    return std::get<config::SiteConfig>(parsed);
}

// Paris is UTC+1 in November and December.
engine::Time paris(sys_days day, int hour, int minute) {
    return engine::Time{day + hours(hour - 1) + minutes(minute)};
}

// A ticket of `service` issued at `issued`, called at once and finished `lasts` later.
void visit(std::vector<store::Entry>& log, sys_days day, const std::string& number,
           const std::string& service, engine::Time issued, seconds lasts) {
    const std::string date = config::format_local_date(config::find_zone("Europe/Paris"), issued);
    auto entry = [&](engine::Event e, engine::Time at) {
        store::Entry en;
        en.at = at;
        en.day = date;
        en.events.push_back(std::move(e));
        log.push_back(std::move(en));
    };
    entry(engine::TicketIssued{number, service, false, issued, day}, issued);
    entry(engine::TicketCalled{number, "1", false, false, issued}, issued);
    entry(engine::TicketFinished{number, issued + lasts}, issued + lasts);
}

std::string number(int n) {
    return n < 10 ? "A00" + std::to_string(n) : "A0" + std::to_string(n);
}

// Two Tuesdays and a Wednesday. État civil visits all last 10 min.
//   Tue 24/11: 12 tickets from 9 h 00, every 5 min, and one at 11 h 10.
//   Tue 01/12:  6 tickets from 9 h 00, every 10 min.
//   Wed 25/11: 40 tickets at 9 h (not a Tuesday: ignored).
void write_history(store::EventStore& store) {
    std::vector<store::Entry> log;
    const sys_days tue1 = year{2026} / 11 / 24, tue2 = year{2026} / 12 / 1,
                   wed = year{2026} / 11 / 25;
    for (int i = 0; i < 12; ++i)
        visit(log, tue1, number(i + 1), "etat-civil", paris(tue1, 9, 5 * i), minutes(10));
    visit(log, tue1, number(13), "etat-civil", paris(tue1, 11, 10), minutes(10));
    for (int i = 0; i < 40; ++i)
        visit(log, wed, number(i + 1), "etat-civil", paris(wed, 9, i), minutes(3));
    for (int i = 0; i < 6; ++i)
        visit(log, tue2, number(i + 1), "etat-civil", paris(tue2, 9, 10 * i), minutes(10));
    store.append(log);
}

}  // namespace

TEST_CASE("The plan reads a weekday's arrivals and service times from the log", "[plan]") {
    test::TempDir dir("plan");
    store::EventStore store((dir / "log.db").string());
    write_history(store);
    const cli::WeekdayHistory h =
        cli::observe_weekday(store, config::find_zone("Europe/Paris"), cli::parse_weekday("tue"));
    CHECK(h.days == std::vector<std::string>{"2026-11-24", "2026-12-01"});
    CHECK(h.arrivals.at("etat-civil").at(9) == 18);
    CHECK(h.arrivals.at("etat-civil").at(11) == 1);
    CHECK(h.durations.at("etat-civil") == std::vector<double>(19, 600.0));
}

TEST_CASE("The plan gives the counters an Erlang computation by hand gives", "[plan]") {
    test::TempDir dir("plan");
    store::EventStore store((dir / "log.db").string());
    write_history(store);
    cli::PlanOptions options;
    options.patience_mean_s = 0;  // Erlang-C: checkable by hand
    const auto* paris = config::find_zone("Europe/Paris");
    const cli::Plan plan =
        cli::make_plan(site(), paris, cli::observe_weekday(store, paris, 2), options);
    CHECK(plan.hours == std::vector<int>{9, 10, 11});
    REQUIRE(plan.services.size() == 2);
    const cli::ServicePlan& civil = plan.services[0];
    CHECK(civil.learned);
    CHECK(civil.mean_service_s == Approx(600));
    CHECK(civil.arrivals_per_hour == std::vector<double>{9, 0, 0.5});
    // 9 h: 9 an hour of 10 min = 1.5 Erlangs. P(wait > 20 min) = C(n, 1.5) e^{-(n/10 - 0.15) 20}:
    // 2 counters: C = 4.5 / 7 = 0.643, x e^-1 = 0.237 -> 76.3 % within target, short of 80 %;
    // 3 counters: C = 1.125 / 4.75 = 0.2368, x e^-3 = 0.0118 -> 98.8 %.
    CHECK(civil.hours[0].counters == 3);
    CHECK(civil.hours[0].served_within == Approx(0.98821).margin(1e-4));
    CHECK(civil.hours[1].counters == 0);  // nobody comes at 10 h
    // 11 h: 0.5 an hour: C = 0.0833, x e^{-(1/10 - 0.5/60) 20} -> 98.7 % with 1 counter.
    CHECK(civil.hours[2].counters == 1);
    // Titres: nothing in the log: the configured 10 min, no counter needed.
    CHECK_FALSE(plan.services[1].learned);
    CHECK(plan.services[1].mean_service_s == Approx(600));
    for (const auto& a : plan.services[1].hours) CHECK(a.counters == 0);

    const std::string text = cli::plan_text(plan);
    CHECK_THAT(text, Catch::Contains("Guichets conseillés le mardi, d'après 2 mardis du journal "
                                     "(2026-11-24 – 2026-12-01)."));
    CHECK_THAT(text, Catch::Contains("9 h     3 (9,0)"));
    CHECK_THAT(text, Catch::Contains("10,0 min (config.)"));
    const auto json = nlohmann::json::parse(cli::plan_json(plan));
    CHECK(json.at("weekday") == "tue");
    CHECK(json.at("services").at(0).at("hours").at(0).at("counters") == 3);
    CHECK(json.at("services").at(0).at("hours").at(0).at("arrivals_per_hour") == 9.0);
}

TEST_CASE("An hour the service is open only in part counts its tickets over its open minutes",
          "[plan]") {
    test::TempDir dir("plan");
    store::EventStore store((dir / "log.db").string());
    write_history(store);
    const auto* paris = config::find_zone("Europe/Paris");
    const cli::Plan plan =
        cli::make_plan(site("[[hours]]\ndays = [\"tue\"]\nopen = \"09:30\"\nclose = \"17:00\"\n"),
                       paris, cli::observe_weekday(store, paris, 2), {});
    // 9 tickets an hour on average, all in the half hour it is open (as logged): 18 an hour.
    CHECK(plan.services[0].arrivals_per_hour == std::vector<double>{18, 0, 0.5});
}

TEST_CASE("A weekday the log never saw gets no advice, said in French", "[plan]") {
    test::TempDir dir("plan");
    store::EventStore store((dir / "log.db").string());
    write_history(store);
    const auto* paris = config::find_zone("Europe/Paris");
    const cli::Plan plan = cli::make_plan(site(), paris, cli::observe_weekday(store, paris, 4), {});
    CHECK(plan.hours.empty());
    CHECK(cli::plan_text(plan) == "Aucun jeudi dans le journal : pas de conseil possible.\n");
    CHECK(cli::parse_weekday("mercredi") == 3);
    CHECK(cli::parse_weekday("tuesday") == -1);
}
