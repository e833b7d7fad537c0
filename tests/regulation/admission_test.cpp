#include "controller/regulation/admission.h"

#include <catch2/catch.hpp>

using namespace guichet::regulation;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// 2026-11-23 16:00 in Paris (UTC+1).
const Time kFourPm = Time{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}} + hours(15);
const seconds kParis = hours(1);

AdmissionRequest at_four_pm(seconds estimated_wait) {
    AdmissionRequest r;
    r.now = kFourPm;
    r.utc_offset = kParis;
    r.estimate.service = "A";
    r.estimate.call_at = kFourPm + estimated_wait;
    r.estimate.wait = estimated_wait;
    r.mean_service_s = 600;
    r.closing = kFourPm + hours(1);
    r.next_opening = kFourPm + hours(16) + minutes(30);  // tomorrow 8:30
    r.other_channels = {{"paris.fr", "paris.fr"}};
    return r;
}

}  // namespace

TEST_CASE("The last ticket is the one whose service ends at closing minus the margin",
          "[admission]") {
    AdmissionRules rules;
    rules.cutoff_margin = minutes(10);
    // Closing 17:00, margin 10 min, service 10 min: a call at 16:40 is the last one.
    const Admission last = admit(at_four_pm(minutes(40)), rules);
    CHECK(last.verdict == Verdict::admitted);
    CHECK_FALSE(past_cutoff(at_four_pm(minutes(40)), rules));

    const Admission late = admit(at_four_pm(minutes(40) + seconds(1)), rules);
    CHECK(late.verdict == Verdict::cutoff);
    CHECK(late.code == "cutoff");
    CHECK(late.message.fr == "Nous ne pourrons plus vous recevoir avant la fermeture de 17 h 00.");
    CHECK(late.advice.fr == "Prochaine ouverture le 24/11 à 8 h 30.");
    CHECK(late.next_opening == kFourPm + hours(16) + minutes(30));
    REQUIRE(late.other_channels.size() == 1);
    CHECK(past_cutoff(at_four_pm(minutes(40) + seconds(1)), rules));
}

TEST_CASE("A service is closed at its closing time", "[admission]") {
    AdmissionRequest r = at_four_pm(minutes(0));
    r.now = *r.closing;
    const Admission a = admit(r, {});
    CHECK(a.verdict == Verdict::service_closed);
    CHECK(a.code == "service_closed");
}

TEST_CASE("The waiting room refuses the visitor who would exceed its capacity", "[admission]") {
    AdmissionRequest r = at_four_pm(minutes(5));
    r.capacity = 50;
    r.occupancy = 49;
    r.place_frees_at = kFourPm + minutes(7);
    CHECK(admit(r, {}).verdict == Verdict::admitted);

    r.occupancy = 50;
    const Admission full = admit(r, {});
    CHECK(full.verdict == Verdict::capacity_full);
    CHECK(full.code == "capacity_full");
    CHECK(full.place_frees_at == kFourPm + minutes(7));
    CHECK(full.message.fr == "La salle d'attente est pleine.");
    CHECK(full.advice.fr == "Une place devrait se libérer vers 16 h 07.");

    r.capacity = 0;  // not limited
    CHECK(admit(r, {}).verdict == Verdict::admitted);
}

TEST_CASE("A daily quota refuses the ticket after the last allowed one", "[admission]") {
    AdmissionRules rules;
    rules.daily_quota = 100;
    AdmissionRequest r = at_four_pm(minutes(5));
    r.issued_today = 99;
    CHECK(admit(r, rules).verdict == Verdict::admitted);
    r.issued_today = 100;
    CHECK(admit(r, rules).code == "quota_reached");
}

TEST_CASE("A long estimate gives a return time rounded down to five minutes", "[admission]") {
    AdmissionRules rules;
    rules.return_after = minutes(45);
    AdmissionRequest r = at_four_pm(minutes(83));
    r.now -= hours(6);  // 10:00
    r.estimate.call_at = r.now + minutes(83);
    // Called around 11:23; back 10 minutes early, rounded down: 11:10.
    const Admission a = admit(r, rules);
    CHECK(a.verdict == Verdict::admitted);
    CHECK(a.return_at == r.now + minutes(70));
    CHECK(a.message.fr ==
          "Attente estimée : 1 h 23. Vous pouvez revenir vers 11 h 10 : vous gardez votre place.");
    CHECK(a.message.en ==
          "Estimated wait: 1 h 23. You may come back around 11:10 and keep your place.");

    r.estimate.wait = minutes(45);
    r.estimate.call_at = r.now + minutes(45);
    CHECK_FALSE(admit(r, rules).return_at);
}

TEST_CASE("Without an estimate (no counter open yet) a ticket is admitted", "[admission]") {
    AdmissionRequest r = at_four_pm(minutes(0));
    r.estimate.call_at.reset();
    r.estimate.wait.reset();
    CHECK(admit(r, {}).verdict == Verdict::admitted);
    CHECK_FALSE(past_cutoff(r, {}));
}

TEST_CASE("Local clock sentences", "[admission]") {
    CHECK(french_clock(kFourPm + minutes(5), kParis) == "16 h 05");
    CHECK(english_clock(kFourPm - hours(8), kParis) == "8:00");
}
