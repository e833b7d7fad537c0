#include "controller/regulation/erlang.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace guichet::regulation;

namespace {

// 100 calls per half hour, 180 s each: the 10-Erlang example of the Erlang-C
// tables (Call Centre Helper, "Erlang C formula made simple"), in seconds.
QueueModel ten_erlangs(int servers, double patience_rate = 0) {
    return {.arrival_rate = 100.0 / 1800,
            .service_rate = 1.0 / 180,
            .patience_rate = patience_rate,
            .servers = servers};
}

double poisson_at_least(int n, double mean) {
    double below = 0;
    for (int j = 0; j < n; ++j)
        below += std::exp(-mean + j * std::log(mean) - std::lgamma(j + 1.0));
    return 1 - below;
}

}  // namespace

TEST_CASE("Erlang-C matches the published 10-Erlang table", "[erlang]") {
    CHECK(erlang_c(11, 10) == Approx(0.6821).margin(5e-5));
    CHECK(erlang_c(12, 10) == Approx(0.4494).margin(5e-5));
    CHECK(erlang_c(13, 10) == Approx(0.2853).margin(5e-5));
    CHECK(erlang_c(14, 10) == Approx(0.1741).margin(5e-5));
    CHECK(erlang_c(2, 1) == Approx(1.0 / 3));
    CHECK(erlang_c(10, 10) == 1);
}

TEST_CASE("Erlang-B matches the published 30 lines / 25 Erlangs value", "[erlang]") {
    CHECK(erlang_b(30, 25) == Approx(0.0526).margin(5e-5));
}

TEST_CASE("Erlang-A with almost no patience loss agrees with Erlang-C", "[erlang]") {
    for (int n : {11, 12, 14}) {
        const QueueModel c = ten_erlangs(n);
        const QueueModel a = ten_erlangs(n, 1e-9);
        CHECK(erlang_a(a).p_wait == Approx(erlang_c(n, 10)).epsilon(1e-4));
        CHECK(erlang_a(a).mean_wait == Approx(erlang_a(c).mean_wait).epsilon(1e-3));
        CHECK(wait_exceeds(a, 20) == Approx(wait_exceeds(c, 20)).epsilon(1e-4));
        CHECK(served_within(a, 20) == Approx(served_within(c, 20)).epsilon(1e-4));
    }
    // Erlang-C service level in 20 s with 14 agents: 88.8 %.
    CHECK(served_within(ten_erlangs(14), 20) == Approx(0.8884).margin(5e-5));
}

TEST_CASE("Erlang-A with patience equal to service time has a Poisson population", "[erlang]") {
    // θ = μ makes M/M/n+M the M/M/∞ queue: people present ~ Poisson(λ/μ).
    for (int n : {5, 10, 13}) {
        const QueueModel m = ten_erlangs(n, 1.0 / 180);
        CHECK(erlang_a(m).p_wait == Approx(poisson_at_least(n, 10)).epsilon(1e-9));
    }
}

TEST_CASE("Erlang-A with very impatient visitors loses the Erlang-B share", "[erlang]") {
    const QueueModel m{.arrival_rate = 25, .service_rate = 1, .patience_rate = 1e5, .servers = 30};
    CHECK(erlang_a(m).abandon_share == Approx(erlang_b(30, 25)).epsilon(1e-3));
}

TEST_CASE("Erlang-A measures are consistent with each other", "[erlang]") {
    const QueueModel m = ten_erlangs(9, 1.0 / 300);  // overloaded: only patience keeps it finite
    const QueueMetrics q = erlang_a(m);
    CHECK(q.stable);
    CHECK(q.abandon_share > 0.05);
    CHECK(q.mean_queue == Approx(q.mean_wait * m.arrival_rate));
    CHECK(wait_exceeds(m, 0) == Approx(q.p_wait).epsilon(1e-9));
    // Everybody is eventually either called or gone.
    CHECK(served_within(m, 1e5) == Approx(1 - q.abandon_share).epsilon(1e-6));
    CHECK(wait_exceeds(m, 60) > wait_exceeds(m, 120));
    CHECK(served_within(m, 60) < served_within(m, 120));
}

TEST_CASE("Erlang-C without enough counters is unstable", "[erlang]") {
    const QueueMetrics q = erlang_a(ten_erlangs(10));
    CHECK_FALSE(q.stable);
    CHECK(std::isinf(q.mean_wait));
    CHECK(wait_exceeds(ten_erlangs(10), 1000) == 1);
}

TEST_CASE("Staffing picks the smallest number of counters meeting the share", "[erlang]") {
    CHECK(counters_needed(ten_erlangs(1), 20, 0.80) == 14);
    CHECK(counters_needed(ten_erlangs(1), 20, 0.88) == 14);
    CHECK(counters_needed(ten_erlangs(1), 20, 0.90) == 15);
    CHECK(counters_needed(ten_erlangs(1), 20, 0.99, 12) == std::nullopt);
    // Patience lowers the need: those who leave no longer wait.
    CHECK(*counters_needed(ten_erlangs(1, 1.0 / 60), 20, 0.80) <= 14);
    QueueModel nobody = ten_erlangs(1);
    nobody.arrival_rate = 0;
    CHECK(counters_needed(nobody, 20, 0.8) == 0);
}
