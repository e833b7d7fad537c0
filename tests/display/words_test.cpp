#include <catch2/catch.hpp>

#include "display/ui/words.h"

using namespace guichet::display::ui;

TEST_CASE("French numbers are spelled the traditional way", "[display][words]") {
    CHECK(french_number(0) == "zéro");
    CHECK(french_number(1) == "un");
    CHECK(french_number(16) == "seize");
    CHECK(french_number(17) == "dix-sept");
    CHECK(french_number(21) == "vingt et un");
    CHECK(french_number(42) == "quarante-deux");
    CHECK(french_number(70) == "soixante-dix");
    CHECK(french_number(71) == "soixante et onze");
    CHECK(french_number(77) == "soixante-dix-sept");
    CHECK(french_number(80) == "quatre-vingts");
    CHECK(french_number(81) == "quatre-vingt-un");
    CHECK(french_number(91) == "quatre-vingt-onze");
    CHECK(french_number(99) == "quatre-vingt-dix-neuf");
    CHECK(french_number(100) == "cent");
    CHECK(french_number(101) == "cent un");
    CHECK(french_number(180) == "cent quatre-vingts");
    CHECK(french_number(200) == "deux cents");
    CHECK(french_number(201) == "deux cent un");
    CHECK(french_number(999) == "neuf cent quatre-vingt-dix-neuf");
    CHECK(french_number(1000) == "mille");
    CHECK(french_number(2080) == "deux mille quatre-vingts");
    CHECK(french_number(80000) == "quatre-vingt mille");
}

TEST_CASE("the call is announced with the prefix as a letter and numbers as words",
          "[display][words]") {
    CHECK(french_announcement("A042", "Guichet 3") == "Ticket A, quarante-deux. Guichet trois.");
    CHECK(french_announcement("T001", "Bureau 12") == "Ticket T, un. Bureau douze.");
    CHECK(french_announcement("B100", "Accueil") == "Ticket B, cent. Accueil.");
}

TEST_CASE("waits are rounded up to the minute, short ones shown as under 5 min",
          "[display][words]") {
    CHECK(wait_text(std::nullopt) == "—");
    CHECK(wait_text(0) == "< 5 min");
    CHECK(wait_text(241) == "≈ 5 min");
    CHECK(wait_text(12 * 60) == "≈ 12 min");
    CHECK(wait_text(80 * 60) == "≈ 1 h 20");
    CHECK(duration_text(42) == "42 s");
    CHECK(duration_text(125) == "2 min 05 s");
    CHECK(duration_text(1500) == "25 min");
    CHECK(duration_text(3900) == "1 h 05");
}

TEST_CASE("the clock shows Paris time, including across the October clock change",
          "[display][words]") {
    using namespace std::chrono;
    const auto winter = sys_days{year{2026} / November / 23} + hours{9} + minutes{42};
    CHECK(local_clock(winter, "Europe/Paris") == "10:42");
    const auto summer = sys_days{year{2026} / October / 24} + hours{9} + minutes{42};
    CHECK(local_clock(summer, "Europe/Paris") == "11:42");
}

TEST_CASE("ISO times with an offset are read back to the same instant", "[display][words]") {
    using namespace std::chrono;
    const auto t = parse_iso_time("2026-11-23T10:42:00+01:00");
    REQUIRE(t);
    CHECK(*t == sys_days{year{2026} / November / 23} + hours{9} + minutes{42});
    CHECK_FALSE(parse_iso_time("yesterday"));
}

TEST_CASE("the language switch names the other language, the accessibility toggle what it does",
          "[display][words]") {
    CHECK(language_switch_label(Lang::fr) == "English");
    CHECK(language_switch_label(Lang::en) == "Français");
    CHECK(accessibility_label(Lang::fr, false) == "Accessibilité");
    CHECK(accessibility_label(Lang::fr, true) == "Affichage standard");
    CHECK(accessibility_label(Lang::en, true) == "Standard display");
}
