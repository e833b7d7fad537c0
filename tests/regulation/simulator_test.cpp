#include "controller/simulate/simulator.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

using namespace guichet;
using namespace guichet::simulate;

namespace {

std::string read(const std::string& relative) {
    std::ifstream in(std::string(GUICHET_SOURCE_DIR) + "/" + relative);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

config::SiteConfig town_hall() {
    auto parsed =
        config::parse_site_config(read("hardware/sites/mairie-11.toml"), "mairie-11.toml");
    REQUIRE(std::holds_alternative<config::SiteConfig>(parsed));
    return std::get<config::SiteConfig>(parsed);
}

Profile visitors() {
    auto parsed = parse_profile(read("hardware/profiles-visitors/mairie-11.toml"));
    if (auto* e = std::get_if<std::string>(&parsed)) FAIL(*e);
    return std::get<Profile>(parsed);
}

}  // namespace

TEST_CASE("The example visitor profile parses and a bad one is refused with its line",
          "[simulator]") {
    const Profile p = visitors();
    CHECK(p.services.size() == 4);
    CHECK(p.counters.size() == 6);
    CHECK(p.services[0].per_hour[1][12] > 0);   // Monday noon
    CHECK(p.services[0].per_hour[0][12] == 0);  // Sunday: closed

    auto bad = parse_profile("[[service]]\nid = \"a\"\nmon = [1, 2]\n");
    REQUIRE(std::holds_alternative<std::string>(bad));
    CHECK(std::get<std::string>(bad) == "line 3: expected 24 hourly rates (00:00 to 23:00)");
}

TEST_CASE("A simulated week is the same for the same seed and differs for another", "[simulator]") {
    const config::SiteConfig site = town_hall();
    const Profile profile = visitors();
    Options options;
    options.days = 3;
    options.seed = 7;
    std::size_t events = 0;
    std::size_t printed = 0;  // issues that come with the wait printed on the ticket
    const Result a = simulate::run(
        site, profile, options, [&](const engine::Event& e, Time, std::optional<int> wait) {
            ++events;
            printed += wait && std::holds_alternative<engine::TicketIssued>(e);
        });
    const Result b = simulate::run(site, profile, options);
    CHECK(tickets_csv(a.tickets) == tickets_csv(b.tickets));
    CHECK(a.tickets.size() > 600);
    CHECK(events > 4 * a.tickets.size());  // issued, printed, called, (started,) finished
    CHECK(printed == a.tickets.size());
    options.seed = 8;
    CHECK(tickets_csv(simulate::run(site, profile, options).tickets) != tickets_csv(a.tickets));
}

TEST_CASE("Every simulated ticket is called, and within its day", "[simulator]") {
    Options options;
    options.days = 1;
    const Result r = simulate::run(town_hall(), visitors(), options);
    for (const TicketRow& t : r.tickets) {
        REQUIRE(t.called_at);
        CHECK(*t.actual_wait_s() >= 0);
        CHECK(t.outcome != Outcome::waiting);
        CHECK(t.estimated_wait_s);
    }
    const std::string csv = tickets_csv(r.tickets);
    CHECK(csv.rfind("day,number,service,priority,issued_at,estimated_wait_s,called_at,"
                    "actual_wait_s,outcome\n2027-01-04,",
                    0) == 0);
}

TEST_CASE("With regulation on, the cut-off keeps visitors from being served after closing",
          "[simulator]") {
    Profile crowded = visitors();
    for (ServiceProfile& s : crowded.services) {
        for (auto& day : s.per_hour) {
            for (double& rate : day) rate *= 1.4;
        }
    }
    Options options;
    options.days = 2;
    options.balking = false;
    const Result on = simulate::run(town_hall(), crowded, options);
    options.regulation = false;
    const Result off = simulate::run(town_hall(), crowded, options);
    const auto late = [](const Result& r) {
        int n = 0;
        for (const TicketRow& t : r.tickets) n += t.ended_at && *t.ended_at > t.closing ? 1 : 0;
        return n;
    };
    CHECK(on.refused.cutoff > 0);
    CHECK(off.refused.cutoff == 0);
    CHECK(late(on) < late(off));
}

TEST_CASE("Daily quotas cap a service's tickets, return-time visitors are away until their time",
          "[simulator]") {
    config::SiteConfig site = town_hall();
    for (config::Service& s : site.services) {
        s.return_after = std::chrono::minutes(20);
        if (s.id == "etat-civil") s.daily_quota = 30;
    }
    Profile crowded = visitors();
    for (ServiceProfile& s : crowded.services)
        for (auto& day : s.per_hour)
            for (double& rate : day) rate *= 1.4;
    Options options;
    options.days = 2;
    options.balking = false;
    const Result r = simulate::run(site, crowded, options);
    CHECK(r.refused.quota > 0);
    std::map<std::string, int> civil_per_day;
    int with_return = 0;
    for (const TicketRow& t : r.tickets) {
        if (t.service == "etat-civil") ++civil_per_day[t.day];
        if (!t.return_at) continue;
        ++with_return;
        // Never before now; otherwise on a 5-minute boundary.
        CHECK(*t.return_at >= t.issued_at);
        if (*t.return_at > t.issued_at) CHECK(t.return_at->time_since_epoch().count() % 300 == 0);
        // Called before the time given, the visitor is not there yet: a no-show, not one who left.
        if (t.called_at && *t.called_at < *t.return_at) CHECK(t.outcome == Outcome::no_show);
    }
    CHECK(with_return > 0);
    REQUIRE(civil_per_day.size() == 2);
    for (const auto& [day, n] : civil_per_day) CHECK(n == 30);
}

TEST_CASE("A long simulation may print estimates in expected values, the same for a seed",
          "[simulator]") {
    Options options;
    options.days = 1;
    options.balking = false;  // the same visitors take a ticket whatever the estimate
    const Result monte_carlo = simulate::run(town_hall(), visitors(), options);
    options.estimate_runs = 0;
    const Result expected = simulate::run(town_hall(), visitors(), options);
    CHECK(tickets_csv(expected.tickets) ==
          tickets_csv(simulate::run(town_hall(), visitors(), options).tickets));
    REQUIRE(expected.tickets.size() == monte_carlo.tickets.size());
    int differ = 0;
    for (std::size_t i = 0; i < expected.tickets.size(); ++i) {
        REQUIRE(expected.tickets[i].estimated_wait_s);
        differ += expected.tickets[i].estimated_wait_s != monte_carlo.tickets[i].estimated_wait_s;
    }
    CHECK(differ > 0);
}
