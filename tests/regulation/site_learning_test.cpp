#include "controller/regulation/site_learning.h"

#include <catch2/catch.hpp>

using namespace guichet::regulation;
using std::chrono::minutes;

namespace {
const Time kMidnight{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}};
}

TEST_CASE("The arrival forecast is the rate of the last 30 minutes", "[site_learning]") {
    SiteLearning learning({{"A", 600.0}, {"B", 300.0}});
    learning.start_day(kMidnight);
    const Time nine = kMidnight + std::chrono::hours(9);
    learning.issued("A", nine);  // an hour before: forgotten
    for (int i = 0; i < 6; ++i) learning.issued("A", nine + minutes(35 + 5 * i));
    const Time now = nine + minutes(60);
    CHECK(learning.recent_arrivals("A", now) == 6);
    CHECK(learning.recent_arrivals("B", now) == 0);
    const PredictorSettings settings = learning.settings(now);
    CHECK(settings.arrival_rate.at("A") == Approx(6.0 / 1800));
    CHECK_FALSE(settings.arrival_rate.count("B"));
    CHECK(learning.issued_today("A") == 7);
}

TEST_CASE("A new day starts with no ticket issued today", "[site_learning]") {
    SiteLearning learning({{"A", 600.0}});
    learning.start_day(kMidnight);
    learning.issued("A", kMidnight + std::chrono::hours(9));
    learning.issued("A", kMidnight + std::chrono::hours(10));
    CHECK(learning.issued_today("A") == 2);
    learning.start_day(kMidnight + std::chrono::hours(24));
    CHECK(learning.issued_today("A") == 0);
}

TEST_CASE("Once visitors are seen to leave, the settings carry their patience", "[site_learning]") {
    SiteLearning learning({{"A", 600.0}, {"B", 300.0}});
    learning.start_day(kMidnight);
    const auto call = [](bool no_show) { return FinishedCall{"A", "1", 300, no_show, 1, 10}; };
    // 600 calls over waits of 0 to 59 min: no-shows grow with the wait.
    for (int i = 0; i < 600; ++i)
        learning.finished(call(i % 60 > 20 && i % 4 == 0), 60.0 * (i % 60));
    CHECK_FALSE(learning.settings(kMidnight).mean_patience_s);  // fitted at the next day
    learning.start_day(kMidnight + std::chrono::hours(24));
    const PredictorSettings settings = learning.settings(kMidnight + std::chrono::hours(33));
    REQUIRE(settings.mean_patience_s);
    // The share who never come replaces each service's share of no-shows.
    CHECK(settings.no_show_share.at("A") < 0.05);
    CHECK(settings.no_show_share.at("A") == settings.no_show_share.at("B"));
}
