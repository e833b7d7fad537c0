#include "controller/regulation/staffing.h"

#include <catch2/catch.hpp>

using namespace guichet::regulation;

TEST_CASE("The plan gives each hour the smallest staffing meeting the share", "[staffing]") {
    // 200 visitors an hour of 3 min = 10 Erlangs; 80 % within 20 s needs 14 (Erlang-C table).
    StaffingRules rules;
    rules.target_wait = std::chrono::seconds(20);
    rules.share = 0.8;
    rules.patience_mean_s = 0;
    const auto plan =
        plan_counters({{"etat-civil", 11, 200, 180}, {"etat-civil", 8, 0, 180}}, rules);
    REQUIRE(plan.size() == 2);
    CHECK(plan[0].counters == 14);
    CHECK(plan[0].served_within == Approx(0.8884).margin(5e-4));
    CHECK(plan[0].mean_wait_s > 0);
    CHECK(plan[1].counters == 0);
}

TEST_CASE("A demand no staffing can meet says so", "[staffing]") {
    StaffingRules rules;
    rules.max_counters = 3;
    const auto plan = plan_counters({{"titres", 12, 60, 900}}, rules);  // 15 Erlangs
    CHECK_FALSE(plan[0].counters);
}

TEST_CASE("Counters needed now follow the arrivals of the last minutes", "[staffing]") {
    StaffingRules rules;
    rules.target_wait = std::chrono::seconds(20);
    rules.patience_mean_s = 0;
    // 100 tickets in 30 min = 200 an hour of 3 min: the 14 counters of the plan's hour.
    CHECK(counters_needed_now({100, std::chrono::minutes(30), 180}, rules) == 14);
    CHECK(counters_needed_now({0, std::chrono::minutes(30), 180}, rules) == 0);
    // One visitor of 5 min in 30 min: one counter lets 99 % be called within 20 min
    // (P(wait > t) = 1/6 x exp(-(1/300 - 1/1800) x 1200) = 0.6 %).
    rules.target_wait = std::chrono::minutes(20);
    CHECK(counters_needed_now({1, std::chrono::minutes(30), 300}, rules) == 1);
    // More than the site's counters can handle: all of them.
    rules.max_counters = 3;
    CHECK(counters_needed_now({100, std::chrono::minutes(30), 180}, rules) == 3);
}
