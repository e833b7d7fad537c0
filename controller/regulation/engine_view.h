// The predictor's view of the live queue, read from the engine.
//
// Contract: pure; reads the engine's read-only views only. Services and
// counters come in configuration order, waiting tickets in call order.
#pragma once

#include "controller/engine/engine.h"
#include "controller/regulation/predictor.h"

namespace guichet::regulation {

QueueSnapshot snapshot_of(const engine::Engine& engine, Time now);

}  // namespace guichet::regulation
