#include "controller/regulation/predictor.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace guichet::regulation;
using guichet::engine::CallPolicy;
using guichet::engine::CounterState;
using std::chrono::seconds;

namespace {

const Time kNow{seconds(1'800'000'000)};

// Deterministic service times (CV 0) keep the expected dispatch hand-computable.
ServiceTimes fixed(std::map<std::string, double> means) {
    ServiceTimes times;
    for (const auto& [service, mean] : means) times.by_service[service] = {mean, 0};
    return times;
}

WaitingTicket ticket(const std::string& number, const std::string& service, int waited_s,
                     bool priority = false) {
    return {number, service, priority, kNow - seconds(waited_s)};
}

CounterNow counter(const std::string& id, std::vector<std::string> services,
                   CallPolicy policy = CallPolicy::balanced,
                   CounterState state = CounterState::open) {
    return {id, state, policy, std::move(services), std::nullopt, {}, {}, {}, {}, {}};
}

CounterNow busy(CounterNow c, const std::string& service, int since_s) {
    c.busy_since = kNow - seconds(since_s);
    c.busy_service = service;
    return c;
}

// The dispatch in expected values (no Monte Carlo), for hand-computed checks.
PredictorSettings expected_values() {
    PredictorSettings settings;
    settings.runs = 0;
    return settings;
}

std::map<std::string, long> waits(const QueueSnapshot& q, const ServiceTimes& times,
                                  const PredictorSettings& settings = {}) {
    std::map<std::string, long> out;
    for (const TicketEstimate& e : predict_waiting(q, times, settings)) {
        out[e.number] = e.wait ? e.wait->count() : -1;
    }
    return out;
}

}  // namespace

TEST_CASE("One counter calls its queue one mean service apart after the current visit",
          "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 300), ticket("A2", "A", 200), ticket("A3", "A", 100)}}},
                    {busy(counter("1", {"A"}), "A", 200)}};
    const ServiceTimes times = fixed({{"A", 600}});
    CHECK(waits(q, times) == std::map<std::string, long>{{"A1", 400}, {"A2", 1000}, {"A3", 1600}});
    const NewTicketEstimate next = predict_new_ticket(q, "A", times, {});
    CHECK(next.ahead == 3);
    CHECK(next.wait == seconds(2200));
    CHECK(next.call_at == kNow + seconds(2200));
}

TEST_CASE("Several counters take the queue in turn as each becomes free", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 40), ticket("A2", "A", 30), ticket("A3", "A", 20),
                       ticket("A4", "A", 10)}}},
                    {busy(counter("1", {"A"}), "A", 100), counter("2", {"A"})}};
    CHECK(waits(q, fixed({{"A", 600}})) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 500}, {"A3", 600}, {"A4", 1100}});
}

TEST_CASE("A shared ordered counter serves its preferred service first", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 600), ticket("A2", "A", 300)}},
                     {"B", seconds(1200), {ticket("B1", "B", 100)}}},
                    {counter("1", {"A"}), counter("2", {"B", "A"}, CallPolicy::ordered)}};
    CHECK(waits(q, fixed({{"A", 300}, {"B", 600}})) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 300}, {"B1", 0}});
}

TEST_CASE("A shared balanced counter calls the longest wait relative to target", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 600), ticket("A2", "A", 300)}},
                     {"B", seconds(1200), {ticket("B1", "B", 100)}}},
                    {counter("1", {"A"}), counter("2", {"B", "A"})}};
    // Counter 1 takes A1; counter 2 prefers A2 (300 s) over B1 (100 s); B1 waits for it.
    CHECK(waits(q, fixed({{"A", 300}, {"B", 600}})) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 0}, {"B1", 300}});

    // Against a short target, B1's 100 s weigh more than A2's 300 s: counter 2 takes B1,
    // and A2 waits for counter 1.
    q.services[1].target_wait = seconds(200);
    CHECK(waits(q, fixed({{"A", 300}, {"B", 600}})) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 300}, {"B1", 0}});
}

TEST_CASE("Priority tickets are called first and a new priority ticket goes behind them",
          "[predictor]") {
    QueueSnapshot q{
        kNow,
        {{"A",
          seconds(1200),
          {ticket("P1", "A", 10, true), ticket("A1", "A", 300), ticket("A2", "A", 200)}}},
        {counter("1", {"A"})}};
    const ServiceTimes times = fixed({{"A", 600}});
    CHECK(waits(q, times) == std::map<std::string, long>{{"P1", 0}, {"A1", 600}, {"A2", 1200}});
    const NewTicketEstimate priority = predict_new_ticket(q, "A", times, {}, true);
    CHECK(priority.ahead == 1);
    CHECK(priority.wait == seconds(600));
    CHECK(predict_new_ticket(q, "A", times, {}).wait == seconds(1800));
}

TEST_CASE("Paused and closed counters call nobody, opening one shortens the waits", "[predictor]") {
    QueueSnapshot q{
        kNow,
        {{"A",
          seconds(1200),
          {ticket("A1", "A", 30), ticket("A2", "A", 20), ticket("A3", "A", 10)}},
         {"B", seconds(1200), {ticket("B1", "B", 30)}}},
        {counter("1", {"A"}), counter("2", {"A"}, CallPolicy::balanced, CounterState::paused),
         counter("3", {"B"}, CallPolicy::balanced, CounterState::closed)}};
    const ServiceTimes times = fixed({{"A", 600}, {"B", 600}});
    CHECK(waits(q, times) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 600}, {"A3", 1200}, {"B1", -1}});
    CHECK_FALSE(predict_new_ticket(q, "B", times, {}).wait);

    q.counters[1].state = CounterState::open;
    CHECK(waits(q, times) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 0}, {"A3", 600}, {"B1", -1}});
}

TEST_CASE("No-shows cost the counter only the no-show delay", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 30), ticket("A2", "A", 20)}}},
                    {counter("1", {"A"})}};
    PredictorSettings settings = expected_values();
    settings.no_show_share["A"] = 0.1;
    settings.no_show_delay_s = 60;
    // 0.9 × 600 + 0.1 × 60 = 546 s per call.
    CHECK(waits(q, fixed({{"A", 600}}), settings) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 546}});
}

TEST_CASE("Visitors who waited long are more likely gone when called", "[predictor]") {
    // A1 has waited an hour, A2 one minute; A3 arrives now. Patience of one hour, nobody
    // who never comes: A1 is gone with probability 1 - e^-1 when called at once.
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 3600), ticket("A2", "A", 60), ticket("A3", "A", 0)}}},
                    {counter("1", {"A"})}};
    PredictorSettings settings = expected_values();
    settings.no_show_share["A"] = 0;
    settings.no_show_delay_s = 90;
    settings.mean_patience_s = 3600;
    const double gone_a1 = 1 - std::exp(-1.0);
    const double a2_at = (1 - gone_a1) * 600 + gone_a1 * 90;  // 277.6 s
    // A2 is called at 277.6 s, having waited 337.6 s.
    const double gone_a2 = 1 - std::exp(-(a2_at + 60) / 3600);
    const double a3_at = a2_at + (1 - gone_a2) * 600 + gone_a2 * 90;
    CHECK(waits(q, fixed({{"A", 600}}), settings) ==
          std::map<std::string, long>{
              {"A1", 0}, {"A2", std::lround(a2_at)}, {"A3", std::lround(a3_at)}});
    // Without patience every call costs the full visit.
    settings.mean_patience_s.reset();
    CHECK(waits(q, fixed({{"A", 600}}), settings) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 600}, {"A3", 1200}});
}

TEST_CASE("Forecast arrivals of a preferred service overtake an older ticket", "[predictor]") {
    // The counter's current B visitor (600 s) was called 100 s ago: free at 500.
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {}}, {"B", seconds(1200), {ticket("B1", "B", 10)}}},
                    {busy(counter("1", {"A", "B"}, CallPolicy::ordered), "B", 100)}};
    PredictorSettings settings = expected_values();
    settings.arrival_rate["A"] = 1.0 / 350;
    // The A visitor expected at 350 is called first (100 s), then B1 at 600;
    // the next A visitor (700) is not there yet.
    const ServiceTimes times = fixed({{"A", 100}, {"B", 600}});
    CHECK(waits(q, times, settings) == std::map<std::string, long>{{"B1", 600}});
    CHECK(waits(q, times) == std::map<std::string, long>{{"B1", 500}});
}

TEST_CASE(
    "An ordered counter flooded by its preferred service starves the other until the "
    "forecast horizon",
    "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {}}, {"B", seconds(1200), {ticket("B1", "B", 10)}}},
                    {busy(counter("1", {"A", "B"}, CallPolicy::ordered), "A", 0)}};
    PredictorSettings settings = expected_values();
    settings.arrival_rate["A"] = 1.0 / 300;
    settings.horizon = std::chrono::hours(2);
    const auto estimate = predict_waiting(q, fixed({{"A", 600}, {"B", 600}}), settings);
    REQUIRE(estimate.size() == 1);
    REQUIRE(estimate[0].wait);
    CHECK(*estimate[0].wait >= std::chrono::hours(2));
}

TEST_CASE("Per-counter service times override the service's", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 30), ticket("A2", "A", 20)}}},
                    {counter("slow", {"A"})}};
    ServiceTimes times = fixed({{"A", 600}});
    times.by_service_counter[{"A", "slow"}] = {900, 0};
    CHECK(waits(q, times) == std::map<std::string, long>{{"A1", 0}, {"A2", 900}});
}

TEST_CASE("The residual of a visit under way follows the lognormal's mean residual life",
          "[predictor]") {
    const ServiceTimes::Estimate exponential_like{600, 1.0};
    CHECK(expected_residual_s(exponential_like, 0) == Approx(600));
    // Long-tailed: a visit that has already lasted long is expected to last longer still.
    CHECK(expected_residual_s(exponential_like, 1800) > 600);
    CHECK(expected_residual_s(exponential_like, 1e7) > 0);
    const ServiceTimes::Estimate regular{600, 0.2};
    CHECK(expected_residual_s(regular, 300) == Approx(300).margin(30));
    CHECK(expected_residual_s({600, 0}, 700) == 0);
}

TEST_CASE("The next departure is the soonest end of a visit under way", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {}}},
                    {busy(counter("1", {"A"}), "A", 100), busy(counter("2", {"A"}), "A", 500),
                     counter("3", {"A"})}};
    CHECK(next_departure(q, fixed({{"A", 600}})) == kNow + seconds(100));
    q.counters.resize(1);
    q.counters[0].busy_since.reset();
    CHECK_FALSE(next_departure(q, fixed({{"A", 600}})));
}

TEST_CASE("A paused counter expected back calls again from its return", "[predictor]") {
    QueueSnapshot q{
        kNow,
        {{"A",
          seconds(1200),
          {ticket("A1", "A", 30), ticket("A2", "A", 20), ticket("A3", "A", 10)}}},
        {counter("1", {"A"}), counter("2", {"A"}, CallPolicy::balanced, CounterState::paused)}};
    q.counters[1].resumes_at = kNow + seconds(300);
    CHECK(waits(q, fixed({{"A", 600}})) ==
          std::map<std::string, long>{{"A1", 0}, {"A2", 300}, {"A3", 600}});
}

TEST_CASE("The pause learner expects a counter back after the typical pause", "[predictor]") {
    PauseLearner learner(seconds(1800));
    QueueSnapshot q{kNow, {}, {counter("1", {"A"})}};
    const auto see = [&](CounterState state, Time since, Time now) {
        q.now = now;
        q.counters[0].state = state;
        q.counters[0].state_since = since;
        learner.observe(q);
    };
    for (int i = 0; i < 3; ++i) {
        const Time start = kNow + std::chrono::hours(2 * i);
        see(CounterState::paused, start, start + seconds(60));
        see(CounterState::open, start + seconds(600), start + seconds(660));
    }
    CHECK(learner.typical() == seconds(600));
    const Time later = kNow + std::chrono::hours(10);
    see(CounterState::paused, later, later + seconds(60));
    learner.expect_pauses(q);
    CHECK(q.counters[0].resumes_at == later + seconds(600));
    q.now = later + seconds(3600);  // longer than usual: back in five minutes, not in the past
    learner.expect_pauses(q);
    CHECK(q.counters[0].resumes_at == q.now + seconds(300));
}

TEST_CASE("Random visits under way end one after another, not all at their mean", "[predictor]") {
    // Three visits under way, exponential-like (CV 1, mean 600 s): visits end as a
    // Poisson stream of rate 3 / 600 s, one every 200 s on average.
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 30), ticket("A2", "A", 20), ticket("A3", "A", 10)}}},
                    {busy(counter("1", {"A"}), "A", 0), busy(counter("2", {"A"}), "A", 0),
                     busy(counter("3", {"A"}), "A", 0)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    CHECK(waits(q, times, expected_values()) ==
          std::map<std::string, long>{{"A1", 200}, {"A2", 400}, {"A3", 600}});
}

TEST_CASE("An open counter expected to pause does so when it frees up after that time",
          "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 30), ticket("A2", "A", 20), ticket("A3", "A", 10)}}},
                    {busy(counter("1", {"A"}), "A", 0)}};
    q.counters[0].pause_at = kNow + seconds(300);
    q.counters[0].pause_for = seconds(1800);
    // Frees up at 600 (after 300): pauses until 2400, then one call every 600 s.
    CHECK(waits(q, fixed({{"A", 600}})) ==
          std::map<std::string, long>{{"A1", 2400}, {"A2", 3000}, {"A3", 3600}});
}

// Plays `day` on two past days (from kNow, taken as a midnight): returns today's midnight.
static Time after_two_days(PauseLearner& learner, const std::function<void(Time midnight)>& day) {
    for (int d = 0; d < 2; ++d) {
        const Time m = kNow + std::chrono::hours(24 * d);
        learner.start_day(m);
        day(m);
    }
    const Time today = kNow + std::chrono::hours(48);
    learner.start_day(today);
    return today;
}

TEST_CASE("The pause learner expects a counter's usual first pause of the day", "[predictor]") {
    PauseLearner learner(seconds(1800));
    QueueSnapshot q{kNow, {}, {counter("1", {"A"})}};
    const Time today = after_two_days(learner, [&](Time m) {
        q.now = m + std::chrono::hours(12);
        q.counters[0].state = CounterState::paused;
        q.counters[0].state_since = m + std::chrono::hours(12);
        learner.observe(q);
        q.counters[0].state = CounterState::open;
        q.counters[0].state_since = m + std::chrono::hours(12) + seconds(1800);
        learner.observe(q);
    });
    q.now = today + std::chrono::hours(10);
    learner.observe(q);
    learner.expect_pauses(q);
    CHECK(q.counters[0].pause_at == today + std::chrono::hours(12));
    CHECK(q.counters[0].pause_for == seconds(1800));

    q.counters[0].pause_at.reset();
    q.now = today + std::chrono::hours(13);  // long after the usual time: not expected any more
    learner.expect_pauses(q);
    CHECK_FALSE(q.counters[0].pause_at);
}

TEST_CASE("A pause taken when a visit ended was due between that visit's call and its end",
          "[predictor]") {
    PauseLearner learner(seconds(1800));
    QueueSnapshot q{kNow, {}, {counter("1", {"A"})}};
    const Time today = after_two_days(learner, [&](Time m) {
        // The agent calls a visitor at 11:50 and pauses when the visit ends, at 12:10.
        q.now = m + std::chrono::hours(11) + std::chrono::minutes(50);
        q.counters[0] = busy(counter("1", {"A"}), "A", 0);
        q.counters[0].busy_since = q.now;
        learner.observe(q);
        q.now += std::chrono::minutes(20);
        q.counters[0] = counter("1", {"A"}, CallPolicy::balanced, CounterState::paused);
        q.counters[0].state_since = q.now;
        learner.observe(q);
        q.now += std::chrono::minutes(30);
        q.counters[0] = counter("1", {"A"});
        q.counters[0].state_since = q.now;
        learner.observe(q);
    });
    q.now = today + std::chrono::hours(10);
    learner.expect_pauses(q);
    // Due at noon, the middle of 11:50-12:10: not at 12:10, since the dispatch lets the
    // visit under way at noon end before pausing.
    CHECK(q.counters[0].pause_at == today + std::chrono::hours(12));
}

TEST_CASE("Monte Carlo and expected values agree when visits last their mean and everyone comes",
          "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A",
                      seconds(1200),
                      {ticket("A1", "A", 40), ticket("A2", "A", 30), ticket("A3", "A", 20)}}},
                    {busy(counter("1", {"A"}), "A", 100), busy(counter("2", {"A"}), "A", 300)}};
    const ServiceTimes times = fixed({{"A", 600}});
    CHECK(waits(q, times) == waits(q, times, expected_values()));
    CHECK(predict_new_ticket(q, "A", times, {}).wait ==
          predict_new_ticket(q, "A", times, expected_values()).wait);
}

TEST_CASE("The Monte Carlo estimate is the same for the same queue state", "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 40), ticket("A2", "A", 30)}}},
                    {busy(counter("1", {"A"}), "A", 100), busy(counter("2", {"A"}), "A", 300)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    PredictorSettings settings;
    settings.no_show_share["A"] = 0.1;
    CHECK(waits(q, times, settings) == waits(q, times, settings));
    CHECK(predict_new_ticket(q, "A", times, settings).wait ==
          predict_new_ticket(q, "A", times, settings).wait);
}

TEST_CASE("Monte Carlo draws the rest of a long visit under way from the lognormal's tail",
          "[predictor]") {
    // The visit under way has lasted three means: its rest is drawn given that,
    // and averages the lognormal's mean residual life.
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 40)}}},
                    {busy(counter("1", {"A"}), "A", 1800)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    const double residual = expected_residual_s(times.by_service["A"], 1800);
    CHECK(static_cast<double>(waits(q, times).at("A1")) == Approx(residual).epsilon(0.15));
}

TEST_CASE("Monte Carlo calls the next ticket when the first of several random visits ends",
          "[predictor]") {
    // Three visits just begun (CV 1): the first end comes well before their mean.
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 30)}}},
                    {busy(counter("1", {"A"}), "A", 0), busy(counter("2", {"A"}), "A", 0),
                     busy(counter("3", {"A"}), "A", 0)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    const long first = waits(q, times).at("A1");
    CHECK(first > 100);
    CHECK(first < 350);
}

TEST_CASE("Monte Carlo no-shows cost on average what the expected dispatch charges",
          "[predictor]") {
    std::vector<WaitingTicket> queue;
    for (int i = 0; i < 10; ++i) queue.push_back(ticket("A" + std::to_string(i), "A", 100 - i));
    QueueSnapshot q{kNow, {{"A", seconds(1200), queue}}, {counter("1", {"A"})}};
    PredictorSettings settings;
    settings.no_show_share["A"] = 0.5;
    settings.no_show_delay_s = 60;
    // Nine calls ahead of the last ticket, 0.5 × 600 + 0.5 × 60 = 330 s each: 2970 s.
    CHECK(static_cast<double>(waits(q, fixed({{"A", 600}}), settings).at("A9")) ==
          Approx(2970).epsilon(0.1));
}

TEST_CASE("A queue too long for the Monte Carlo budget is dispatched in expected values",
          "[predictor]") {
    std::vector<WaitingTicket> queue;
    for (int i = 0; i < 10; ++i) queue.push_back(ticket("A" + std::to_string(i), "A", 100 - i));
    QueueSnapshot q{kNow, {{"A", seconds(1200), queue}}, {busy(counter("1", {"A"}), "A", 60)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    PredictorSettings settings;
    settings.calls_budget = 50;  // 10 calls a run: 5 runs, fewer than min_runs
    CHECK(waits(q, times, settings) == waits(q, times, expected_values()));
    settings.calls_budget = 5000;
    CHECK(waits(q, times, settings) != waits(q, times, expected_values()));
}

TEST_CASE("The Monte Carlo runs stop once every estimate is within the precision asked",
          "[predictor]") {
    std::vector<WaitingTicket> queue;
    for (int i = 0; i < 6; ++i) queue.push_back(ticket("A" + std::to_string(i), "A", 100 - i));
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), queue}},
                    {busy(counter("1", {"A"}), "A", 60), busy(counter("2", {"A"}), "A", 200)}};
    ServiceTimes times;
    times.by_service["A"] = {600, 1.0};
    PredictorSettings sixteen;  // the first check, at 2 × min_runs
    sixteen.runs = 16;
    sixteen.precision = seconds(0);
    PredictorSettings loose;  // any spread is precise enough: stops at the first check
    loose.precision = seconds(3600);
    PredictorSettings exact;  // never precise enough: all 256 runs
    exact.precision = seconds(0);
    CHECK(waits(q, times, loose) == waits(q, times, sixteen));
    CHECK(waits(q, times, exact) != waits(q, times, sixteen));
    // The default (10 s) lands within a few standard errors of all the runs.
    const auto by_default = waits(q, times);
    for (const auto& [number, wait] : waits(q, times, exact))
        CHECK(std::abs(static_cast<double>(by_default.at(number) - wait)) < 60);
}

TEST_CASE("A ticket given a return time is not called before it, the ones behind are not held",
          "[predictor]") {
    WaitingTicket held = ticket("A1", "A", 60);
    held.not_before = kNow + seconds(1000);
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {held, ticket("A2", "A", 30), ticket("A3", "A", 10)}}},
                    {counter("1", {"A"})}};
    // One idle counter, 300 s a visit: A2 at once, A3 at 300, then nobody until A1 is back.
    const auto w = waits(q, fixed({{"A", 300}}), expected_values());
    CHECK(w.at("A2") == 0);
    CHECK(w.at("A3") == 300);
    CHECK(w.at("A1") == 1000);
    // Back before the queue ahead is done: called in its place, first.
    q.services[0].waiting[0].not_before = kNow + seconds(200);
    const auto early = waits(q, fixed({{"A", 300}}), expected_values());
    CHECK(early.at("A2") == 0);
    CHECK(early.at("A1") == 300);
    CHECK(early.at("A3") == 600);
}

TEST_CASE(
    "A visitor called and not started frees the counter after the no-show delay where "
    "agents press start",
    "[predictor]") {
    QueueSnapshot q{kNow,
                    {{"A", seconds(1200), {ticket("A1", "A", 100)}}},
                    {busy(counter("1", {"A"}), "A", 30)}};
    const ServiceTimes times = fixed({{"A", 600}});
    PredictorSettings settings = expected_values();
    settings.no_show_delay_s = 90;
    // Where "start" is not used, a call under way is a visit like any other.
    CHECK(waits(q, times, settings)["A1"] == 570);
    settings.starts_pressed = true;
    CHECK(waits(q, times, settings)["A1"] == 60);
    settings.runs = 256;
    CHECK(waits(q, times, settings)["A1"] == 60);
    // The visitor sat down: the visit goes on.
    q.counters[0].started_at = kNow - seconds(20);
    CHECK(waits(q, times, settings)["A1"] == 570);
}
