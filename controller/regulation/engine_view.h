// The predictor's view of the live queue, read from the engine.
//
// Contract: pure; reads the engine's read-only views only. Services and
// counters come in configuration order, waiting tickets in call order.
#pragma once

#include <set>
#include <string>

#include "controller/engine/engine.h"
#include "controller/regulation/predictor.h"

namespace guichet::regulation {

QueueSnapshot snapshot_of(const engine::Engine& engine, Time now);

// The same, with waiting tickets copied only for `services` (the others are listed
// empty): enough to estimate a service whose counters serve only those.
QueueSnapshot snapshot_of(const engine::Engine& engine, Time now,
                          const std::set<std::string>& services);

}  // namespace guichet::regulation
