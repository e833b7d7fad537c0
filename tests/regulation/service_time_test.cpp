#include "controller/regulation/service_time.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace guichet::regulation;

namespace {

FinishedCall call(double duration_s, const std::string& counter = "1", int hour = 10) {
    return {"A", counter, duration_s, false, 2, hour};
}

}  // namespace

TEST_CASE("The robust fit recovers a lognormal's mean and ignores a forgotten finish",
          "[service_time]") {
    // Quantiles of a lognormal with median 300 s and sigma 0.8 (mean 413 s, CV 0.947).
    std::deque<double> d;
    for (int i = 1; i <= 199; ++i) {
        const double p = i / 200.0;
        // Inverse normal CDF by bisection on erfc.
        double lo = -6, hi = 6;
        for (int k = 0; k < 60; ++k) {
            const double mid = (lo + hi) / 2;
            (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
        }
        d.push_back(300 * std::exp(0.8 * lo));
    }
    const Fit clean = robust_fit(d);
    CHECK(clean.mean_s == Approx(300 * std::exp(0.32)).epsilon(0.02));
    CHECK(clean.cv == Approx(std::sqrt(std::expm1(0.64))).epsilon(0.03));
    d.push_back(8 * 3600);  // a counter that forgot to finish before lunch
    CHECK(robust_fit(d).mean_s == Approx(clean.mean_s).epsilon(0.02));
}

TEST_CASE("The robust fit's mean is the mean of the durations near the centre", "[service_time]") {
    // Median 400 s, sigma from the MAD 1.4826 x ln(400/300) = 0.4265: exp(centre + sigma²/2)
    // would say 438 s; the durations say 400.
    std::deque<double> d{200, 300, 400, 500, 600};
    CHECK(robust_fit(d).mean_s == Approx(400));
    d.push_back(8 * 3600);  // a forgotten finish is left out
    CHECK(robust_fit(d).mean_s == Approx(400));
}

TEST_CASE("Without data the configured mean is the estimate", "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}});
    const ServiceTimes times = learner.service_times(2, 10);
    CHECK(times.at("A", "1").mean_s == 480);
}

TEST_CASE("Today's calls pull the estimate from the prior towards what is observed",
          "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}}, LearningSettings{.prior_weight = 8});
    for (int i = 0; i < 8; ++i) learner.record(call(240));
    // Eight identical 240 s calls against a prior worth eight calls: half-way.
    CHECK(learner.service_times(2, 10).at("A", "1").mean_s == Approx(360));
    for (int i = 0; i < 56; ++i) learner.record(call(240));
    // Only the latest 60 calls of the day count.
    CHECK(learner.service_times(2, 10).at("A", "1").mean_s == Approx((8 * 480 + 60 * 240) / 68.0));
}

TEST_CASE("Past days warm-start every hour at the service's level", "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}}, LearningSettings{.prior_weight = 8});
    for (int i = 0; i < 72; ++i) learner.record(call(600, "1", 11));
    learner.start_day();
    // The service's level, (8·480 + 72·600) / 80 = 588 s, holds at hours and weekdays not seen.
    CHECK(learner.service_times(2, 10).at("A", "1").mean_s == Approx(588));
    CHECK(learner.service_times(3, 11).at("A", "1").mean_s == Approx(588));
}

TEST_CASE("The hour's own calls are shrunk towards the service's pooled level", "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}},
                               LearningSettings{.prior_weight = 8, .cell_weight = 40});
    for (int i = 0; i < 60; ++i) {
        learner.record(call(600, "1", 11));
        learner.record(call(300, "1", 10));
    }
    learner.start_day();
    // Pooled: 120 calls of mean 450 s against the prior of 480 s: 451.875 s. Hour 11's 60 calls
    // of 600 s against that level, worth 40 calls: (40·451.875 + 60·600) / 100.
    const double level = (8 * 480 + 120 * 450) / 128.0;
    CHECK(learner.service_times(2, 9).at("A", "1").mean_s == Approx(level));
    CHECK(learner.service_times(2, 11).at("A", "1").mean_s ==
          Approx((40 * level + 60 * 600) / 100));
    CHECK(learner.service_times(2, 10).at("A", "1").mean_s ==
          Approx((40 * level + 60 * 300) / 100));
}

TEST_CASE("The warm start's CV is the service's, over every hour", "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}}, LearningSettings{.default_cv = 0.9});
    for (int i = 0; i < 60; ++i) {
        learner.record(call(600, "1", 11));
        learner.record(call(300, "1", 10));
    }
    learner.start_day();
    // Hour 9 has no past calls of its own: the CV is the pooled one, not the default.
    std::deque<double> pooled;
    for (int i = 0; i < 60; ++i) {
        pooled.push_back(600);
        pooled.push_back(300);
    }
    CHECK(learner.service_times(2, 9).at("A", "1").cv == Approx(robust_fit(pooled).cv));
    CHECK(robust_fit(pooled).cv < 0.6);
}

TEST_CASE("Today's first calls weigh little against the service's past", "[service_time]") {
    ServiceTimeLearner learner(
        {{"A", 480}}, LearningSettings{.prior_weight = 8, .cell_weight = 40, .today_weight = 30});
    for (int i = 0; i < 100; ++i) learner.record(call(400, "1", 11));
    learner.start_day();
    for (int i = 0; i < 30; ++i) learner.record(call(200, "1", 11));
    const double level = (8 * 480 + 100 * 400) / 108.0;
    const double hour = (40 * level + 100 * 400) / 140.0;
    // Today's 30 calls against that warm start, worth 30 calls: half-way.
    CHECK(learner.service_times(2, 11).at("A", "1").mean_s == Approx((hour + 200) / 2));
}

TEST_CASE("The service's level is that of its latest past calls", "[service_time]") {
    ServiceTimeLearner learner({{"A", 480}}, LearningSettings{.prior_weight = 8, .pooled = 50});
    for (int i = 0; i < 100; ++i) learner.record(call(300, "1", 11));
    learner.start_day();
    for (int i = 0; i < 50; ++i) learner.record(call(600, "1", 11));
    learner.start_day();
    CHECK(learner.service_times(2, 10).at("A", "1").mean_s == Approx((8 * 480 + 50 * 600) / 58.0));
}

TEST_CASE("A slow counter gets its own, shrunk, estimate", "[service_time]") {
    ServiceTimeLearner learner({{"A", 400}},
                               LearningSettings{.prior_weight = 8, .counter_weight = 10});
    for (int i = 0; i < 10; ++i) {
        learner.record(call(300, "fast"));
        learner.record(call(600, "slow"));
    }
    const ServiceTimes times = learner.service_times(2, 10);
    const double service = times.at("A", "other").mean_s;
    CHECK(times.at("A", "slow").mean_s > service);
    CHECK(times.at("A", "fast").mean_s < service);
    CHECK(times.at("A", "slow").mean_s < 600);
}

TEST_CASE("A counter's speed learned on one service applies to the others", "[service_time]") {
    ServiceTimeLearner learner({{"A", 400}, {"B", 1200}},
                               LearningSettings{.prior_weight = 8, .counter_weight = 10});
    // Services A and B each run at their configured pace overall; counter "slow" took 1.5 times
    // as long on A, and never served B today.
    for (int i = 0; i < 10; ++i) {
        learner.record(call(400, "1"));
        learner.record({"B", "1", 1200, false, 2, 10});
    }
    for (int i = 0; i < 10; ++i) learner.record(call(600, "slow"));
    const ServiceTimes times = learner.service_times(2, 10);
    const double b = times.at("B", "other").mean_s;
    CHECK(b == Approx(1200));
    // A's fit of the day (400 and 600 s, ten each): mean 500. The counter's ratio 600 / 500 =
    // 1.2, shrunk with weight 10 over its 10 calls: 1.1; it applies to B too.
    const double ratio_a = times.at("A", "slow").mean_s / times.at("A", "other").mean_s;
    CHECK(ratio_a == Approx(1.1).epsilon(1e-3));
    CHECK(times.at("B", "slow").mean_s == Approx(b * ratio_a));
    // Counter "1", at the services' pace, stays close to it.
    CHECK(times.at("B", "1").mean_s < times.at("B", "slow").mean_s);
}

TEST_CASE("No-show shares blend the prior with the calls seen", "[service_time]") {
    ServiceTimeLearner learner({{"A", 400}},
                               LearningSettings{.no_show_prior = 0.05, .no_show_prior_weight = 40});
    for (int i = 0; i < 50; ++i) learner.record(call(300));
    for (int i = 0; i < 10; ++i) learner.record({"A", "1", 75, true, 2, 10});
    PredictorSettings settings;
    learner.fill(settings);
    CHECK(settings.no_show_share["A"] == Approx((0.05 * 40 + 10) / 100));
    CHECK(settings.no_show_delay_s == 75);
}

TEST_CASE("Start counts as pressed once nearly every visit seen was started", "[service_time]") {
    ServiceTimeLearner learner({{"A", 400}});
    PredictorSettings settings;
    const auto started = [](bool yes) { return FinishedCall{"A", "1", 300, false, 2, 10, yes}; };
    for (int i = 0; i < 19; ++i) learner.record(started(true));
    for (int i = 0; i < 5; ++i) learner.record({"A", "1", 90, true, 2, 10});  // no-shows
    learner.fill(settings);
    CHECK_FALSE(settings.starts_pressed);  // too few visits to tell
    learner.record(started(true));
    learner.fill(settings);
    CHECK(settings.starts_pressed);
    for (int i = 0; i < 3; ++i) learner.record(started(false));
    learner.fill(settings);
    CHECK_FALSE(settings.starts_pressed);  // 20 of 23 started: not the site's habit
}
