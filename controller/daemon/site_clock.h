// The controller's notion of "now": the real clock, or a virtual one for
// demos and accelerated end-to-end tests (a start instant and a speed).
//
// Contract: now() never goes backwards within one process.
#pragma once

#include <chrono>
#include <optional>

#include <date/tz.h>

#include <string>

#include "controller/engine/engine.h"

namespace guichet::daemon {

class SiteClock {
  public:
    SiteClock() = default;  // the real clock
    SiteClock(engine::Time start, double speed);

    engine::Time now() const;

  private:
    std::optional<engine::Time> start_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    double speed_ = 1.0;
};

// "2026-11-24T08:30" (site-local) -> the instant; nullopt if malformed.
std::optional<engine::Time> parse_local_time(const date::time_zone* zone, const std::string& text);

}  // namespace guichet::daemon
