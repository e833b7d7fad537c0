#include <catch2/catch.hpp>

#include "controller/config/opening_hours.h"
#include "controller/config/site_config.h"
#include "controller/config/site_time.h"

using namespace guichet;

namespace {

const char* kMinimal = R"(
[site]
id = "test"
name = "Site de test"

[[service]]
id = "etat-civil"
prefix = "A"
label = { fr = "État civil", en = "Civil status" }

[[counter]]
id = "1"
services = ["etat-civil"]
)";

config::ConfigError refused(const std::string& text) {
    auto r = config::parse_site_config(text, "site.toml");
    REQUIRE(std::holds_alternative<config::ConfigError>(r));
    return std::get<config::ConfigError>(r);
}

config::SiteConfig accepted(const std::string& text) {
    auto r = config::parse_site_config(text, "site.toml");
    if (auto* e = std::get_if<config::ConfigError>(&r)) FAIL(e->message());
    return std::get<config::SiteConfig>(r);
}

}  // namespace

TEST_CASE("the example town hall loads with its services, counters and devices") {
    auto r = config::load_site_config(GUICHET_SOURCE_DIR "/hardware/sites/mairie-11.toml");
    if (auto* e = std::get_if<config::ConfigError>(&r)) FAIL(e->message());
    const auto& site = std::get<config::SiteConfig>(r);
    CHECK(site.id == "mairie-11");
    CHECK(site.services.size() == 4);
    CHECK(site.counters.size() == 6);
    CHECK(site.devices.size() == 11);
    CHECK(site.counter("1")->policy == engine::CallPolicy::ordered);
    CHECK(site.counter("2")->policy == engine::CallPolicy::balanced);
    CHECK(site.device("poste-3")->counter == "3");
    CHECK(site.service("titres")->cutoff_margin == std::chrono::minutes(10));
}

TEST_CASE("a minimal site gets sane defaults") {
    const auto site = accepted(kMinimal);
    CHECK(site.timezone == "Europe/Paris");
    CHECK(site.capacity == 0);
    CHECK(site.service("etat-civil")->target_wait == std::chrono::minutes(20));
    CHECK(site.counter("1")->label == "Guichet 1");
    CHECK(site.devices.empty());
}

TEST_CASE("return times and quotas are off unless configured, a service overrides the site") {
    CHECK_FALSE(accepted(kMinimal).service("etat-civil")->return_after);
    CHECK_FALSE(accepted(kMinimal).service("etat-civil")->daily_quota);
    const std::string text = R"(
[site]
id = "test"
name = "Site de test"
return_after_min = 45

[[service]]
id = "etat-civil"
prefix = "A"
label = "État civil"

[[service]]
id = "titres"
prefix = "D"
label = "Titres"
return_after_min = 60
daily_quota = 40
)";
    const auto site = accepted(text);
    CHECK(site.service("etat-civil")->return_after == std::chrono::minutes(45));
    CHECK_FALSE(site.service("etat-civil")->daily_quota);
    CHECK(site.service("titres")->return_after == std::chrono::minutes(60));
    CHECK(site.service("titres")->daily_quota == 40);
    CHECK_THAT(refused(text + "[[service]]\nid = \"x\"\nprefix = \"X\"\nlabel = \"X\"\n"
                              "daily_quota = 0\n")
                   .reason,
               Catch::Contains("daily_quota"));
}

TEST_CASE("a syntax error is refused with the file and line") {
    const auto e = refused(std::string(kMinimal) + "\n[[counter]\nid = 2\n");
    CHECK(e.file == "site.toml");
    CHECK(e.line == 15);
    CHECK(e.message().rfind("site.toml:15: ", 0) == 0);
}

TEST_CASE("an unknown key is refused at its line, as a likely typo") {
    const auto e = refused(std::string(kMinimal) + "polcy = \"ordered\"\n");
    CHECK(e.line == 14);
    CHECK_THAT(e.reason, Catch::Contains("polcy"));
}

TEST_CASE("references between tables are checked at load") {
    SECTION("a counter serving an unknown service") {
        const auto e =
            refused(std::string(kMinimal) + "[[counter]]\nid = \"2\"\nservices = [\"casvp\"]\n");
        CHECK(e.line == 16);
        CHECK_THAT(e.reason, Catch::Contains("unknown service 'casvp'"));
    }
    SECTION("a counter device naming an unknown counter") {
        const auto e =
            refused(std::string(kMinimal) +
                    "[[device]]\nid = \"poste-9\"\nrole = \"counter\"\ncounter = \"9\"\n");
        CHECK_THAT(e.reason, Catch::Contains("unknown counter '9'"));
        CHECK(e.line == 17);
    }
    SECTION("a counter device without its counter") {
        const auto e =
            refused(std::string(kMinimal) + "[[device]]\nid = \"poste-1\"\nrole = \"counter\"\n");
        CHECK_THAT(e.reason, Catch::Contains("must name its counter"));
    }
    SECTION("two services with the same prefix") {
        const auto e = refused(std::string(kMinimal) +
                               "[[service]]\nid = \"autre\"\nprefix = \"A\"\nlabel = \"Autre\"\n");
        CHECK_THAT(e.reason, Catch::Contains("prefix 'A' is already used"));
    }
}

TEST_CASE("values are checked: ids, roles, times, time zones") {
    CHECK_THAT(
        refused(std::string(kMinimal) + "[[device]]\nid = \"Borne 1\"\nrole = \"dispenser\"\n")
            .reason,
        Catch::Contains("device id must match"));
    CHECK_THAT(
        refused(std::string(kMinimal) + "[[device]]\nid = \"b1\"\nrole = \"printer\"\n").reason,
        Catch::Contains("unknown role 'printer'"));
    CHECK_THAT(refused(std::string(kMinimal) +
                       "[[hours]]\ndays = [\"mon\"]\nopen = \"17:00\"\nclose = \"08:30\"\n")
                   .reason,
               Catch::Contains("closing time must be after opening time"));
    CHECK_THAT(refused(std::string(kMinimal) +
                       "[[hours]]\ndays = [\"lundi\"]\nopen = \"8:30\"\nclose = \"17:00\"\n")
                   .reason,
               Catch::Contains("unknown day 'lundi'"));
    auto tz = std::string(kMinimal);
    tz.replace(tz.find("name ="), 0, "timezone = \"Europe/Lutece\"\n");
    CHECK_THAT(refused(tz).reason, Catch::Contains("unknown time zone"));
}

TEST_CASE("a missing file is refused with a reason, not a crash") {
    auto r = config::load_site_config("/nonexistent/site.toml");
    REQUIRE(std::holds_alternative<config::ConfigError>(r));
    CHECK(std::get<config::ConfigError>(r).reason == "cannot read the file");
}

TEST_CASE("opening hours follow the weekday, Thursday late opening and Saturday's one service") {
    auto r = config::load_site_config(GUICHET_SOURCE_DIR "/hardware/sites/mairie-11.toml");
    const auto& site = std::get<config::SiteConfig>(r);
    const auto* paris = config::find_zone("Europe/Paris");
    using namespace std::chrono;
    auto local = [&](int d, int h, int m) {  // November 2026, Paris is UTC+1
        return engine::Time{sys_days{year{2026} / 11 / d} + hours(h - 1) + minutes(m)};
    };
    CHECK_FALSE(config::is_open(site, paris, "etat-civil", local(23, 8, 29)));  // Monday
    CHECK(config::is_open(site, paris, "etat-civil", local(23, 8, 30)));
    CHECK_FALSE(config::is_open(site, paris, "etat-civil", local(23, 17, 0)));
    CHECK(config::is_open(site, paris, "titres", local(26, 19, 0)));      // Thursday
    CHECK(config::is_open(site, paris, "etat-civil", local(28, 10, 0)));  // Saturday
    CHECK_FALSE(config::is_open(site, paris, "titres", local(28, 10, 0)));
    CHECK_FALSE(config::is_open(site, paris, "etat-civil", local(29, 10, 0)));  // Sunday
    const auto text = config::hours_text_today(site, paris, local(26, 12, 0));
    REQUIRE(text);
    CHECK(text->fr == "8 h 30 – 19 h 30");
    // Christmas is a closure day.
    const engine::Time christmas{sys_days{year{2026} / 12 / 25} + hours(10)};
    CHECK_FALSE(config::is_open(site, paris, "etat-civil", christmas));
    REQUIRE(config::closure_today(site, paris, christmas));
    CHECK(config::closure_today(site, paris, christmas)->reason.fr == "Noël");
}

TEST_CASE("the next opening skips Sunday, closure days and services closed on Saturday") {
    auto r = config::load_site_config(GUICHET_SOURCE_DIR "/hardware/sites/mairie-11.toml");
    const auto& site = std::get<config::SiteConfig>(r);
    const auto* paris = config::find_zone("Europe/Paris");
    using namespace std::chrono;
    auto local = [&](int y, int mo, int d, int h, int m) {  // winter: Paris is UTC+1
        return engine::Time{sys_days{year{y} / mo / d} + hours(h - 1) + minutes(m)};
    };
    // Monday before opening: this morning; Monday evening: Tuesday.
    CHECK(config::next_opening(site, paris, "titres", local(2026, 11, 23, 7, 0)) ==
          local(2026, 11, 23, 8, 30));
    CHECK(config::next_opening(site, paris, "titres", local(2026, 11, 23, 16, 50)) ==
          local(2026, 11, 24, 8, 30));
    // Friday: état civil opens on Saturday at 9 h, titres only on Monday.
    CHECK(config::next_opening(site, paris, "etat-civil", local(2026, 11, 27, 17, 0)) ==
          local(2026, 11, 28, 9, 0));
    CHECK(config::next_opening(site, paris, "titres", local(2026, 11, 27, 17, 0)) ==
          local(2026, 11, 30, 8, 30));
    // Christmas Eve (Thursday): Christmas is closed, so Saturday 26.
    CHECK(config::next_opening(site, paris, "etat-civil", local(2026, 12, 24, 19, 0)) ==
          local(2026, 12, 26, 9, 0));
}
