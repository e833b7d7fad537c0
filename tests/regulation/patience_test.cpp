#include "controller/regulation/patience.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace guichet::regulation;

namespace {

// Calls per one-minute bin of wait, with the no-shows a patience law gives (expected counts).
struct Log {
    std::vector<double> calls = std::vector<double>(241, 0);
    std::vector<double> no_shows = std::vector<double>(241, 0);

    void add(int minutes, double n, double p0, double patience_s) {
        const double waited = (minutes + 0.5) * 60;
        calls[minutes] += n;
        no_shows[minutes] += n * (1 - (1 - p0) * std::exp(-waited / patience_s));
    }
};

}  // namespace

TEST_CASE("The patience fit finds the share who never come and the mean patience", "[patience]") {
    Log log;
    for (int m = 0; m < 120; ++m) log.add(m, 20, 0.05, 5400);
    const auto fit = fit_patience(log.calls.data(), log.no_shows.data(), log.calls.size());
    REQUIRE(fit);
    REQUIRE(fit->mean_patience_s);
    CHECK(fit->never_come == Approx(0.05).epsilon(0.02));
    CHECK(*fit->mean_patience_s == Approx(5400).epsilon(0.02));
}

TEST_CASE("Without more no-shows after long waits, nobody is taken to leave", "[patience]") {
    Log log;
    for (int m = 0; m < 120; ++m) log.add(m, 20, 0.08, INFINITY);
    const auto fit = fit_patience(log.calls.data(), log.no_shows.data(), log.calls.size());
    REQUIRE(fit);
    CHECK_FALSE(fit->mean_patience_s);
    CHECK(fit->never_come == Approx(0.08));
}

TEST_CASE("The patience learner waits for enough calls and fits at the start of a day",
          "[patience]") {
    PatienceLearner learner;
    // 150 calls: not enough to fit.
    for (int i = 0; i < 150; ++i) learner.record(60.0 * (i % 60), i % 60 >= 40 && i % 3 == 0);
    learner.start_day();
    CHECK_FALSE(learner.fit());
    // Another 150 calls: no-shows only after 40 min of wait, one in three.
    for (int i = 0; i < 150; ++i) learner.record(60.0 * (i % 60), i % 60 >= 40 && i % 3 == 0);
    CHECK_FALSE(learner.fit());  // not before the next day
    learner.start_day();
    REQUIRE(learner.fit());
    CHECK(learner.fit()->mean_patience_s);
}
