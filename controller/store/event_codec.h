// Engine events <-> the JSON kept in the event log.
//
// Contract: decode_event(encode_event(e)) == e for every engine event.
// Records the engine does not know (footfall counts, survey votes) are stored
// in the same log with their own types; decode_event returns nullopt for them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "controller/engine/engine.h"

namespace guichet::store {

nlohmann::json encode_event(const engine::Event& event);
// Throws std::runtime_error on a record whose type is an engine event but whose data is broken.
std::optional<engine::Event> decode_event(const std::string& type, const nlohmann::json& data);

// The ticket, service and counter an event is about ("" when none), for indexed columns.
struct EventKeys {
    std::string ticket;
    std::string service;
    std::string counter;
};
EventKeys keys_of(const engine::Event& event);

}  // namespace guichet::store
