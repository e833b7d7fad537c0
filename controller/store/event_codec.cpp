#include "controller/store/event_codec.h"

#include <stdexcept>

namespace guichet::store {

namespace {

using engine::Time;
using nlohmann::json;

std::int64_t secs(Time t) {
    return t.time_since_epoch().count();
}
Time time_of(const json& j, const char* key) {
    return Time(std::chrono::seconds(j.at(key).get<std::int64_t>()));
}
std::string str(const json& j, const char* key) {
    return j.at(key).get<std::string>();
}

const char* position_name(engine::Position p) {
    return p == engine::Position::front ? "front" : "back";
}

}  // namespace

json encode_event(const engine::Event& event) {
    return std::visit(
        [](const auto& e) -> json {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, engine::TicketIssued>) {
                return {{"number", e.number},
                        {"service", e.service},
                        {"priority", e.priority},
                        {"at", secs(e.at)},
                        {"day", e.day.time_since_epoch().count()}};
            } else if constexpr (std::is_same_v<T, engine::TicketPrinted> ||
                                 std::is_same_v<T, engine::TicketStarted> ||
                                 std::is_same_v<T, engine::TicketFinished> ||
                                 std::is_same_v<T, engine::TicketNoShow>) {
                return {{"number", e.number}, {"at", secs(e.at)}};
            } else if constexpr (std::is_same_v<T, engine::TicketCancelled>) {
                return {{"number", e.number}, {"reason", e.reason}, {"at", secs(e.at)}};
            } else if constexpr (std::is_same_v<T, engine::CounterOpened>) {
                return {{"counter", e.counter}, {"services", e.services}, {"at", secs(e.at)}};
            } else if constexpr (std::is_same_v<T, engine::CounterPaused> ||
                                 std::is_same_v<T, engine::CounterClosed>) {
                return {{"counter", e.counter}, {"at", secs(e.at)}};
            } else if constexpr (std::is_same_v<T, engine::TicketCalled>) {
                return {{"number", e.number},
                        {"counter", e.counter},
                        {"recall", e.recall},
                        {"out_of_order", e.out_of_order},
                        {"at", secs(e.at)}};
            } else {
                static_assert(std::is_same_v<T, engine::TicketTransferred>);
                return {{"number", e.number},
                        {"to_service", e.to_service},
                        {"position", position_name(e.position)},
                        {"at", secs(e.at)}};
            }
        },
        event);
}

namespace {

template <typename T>
T decode_as(const json& j);

template <>
engine::TicketIssued decode_as(const json& j) {
    return {str(j, "number"), str(j, "service"), j.at("priority").get<bool>(), time_of(j, "at"),
            engine::LocalDay(std::chrono::days(j.at("day").get<std::int64_t>()))};
}
template <>
engine::TicketPrinted decode_as(const json& j) {
    return {str(j, "number"), time_of(j, "at")};
}
template <>
engine::TicketStarted decode_as(const json& j) {
    return {str(j, "number"), time_of(j, "at")};
}
template <>
engine::TicketFinished decode_as(const json& j) {
    return {str(j, "number"), time_of(j, "at")};
}
template <>
engine::TicketNoShow decode_as(const json& j) {
    return {str(j, "number"), time_of(j, "at")};
}
template <>
engine::TicketCancelled decode_as(const json& j) {
    return {str(j, "number"), str(j, "reason"), time_of(j, "at")};
}
template <>
engine::CounterOpened decode_as(const json& j) {
    return {str(j, "counter"), j.at("services").get<std::vector<std::string>>(), time_of(j, "at")};
}
template <>
engine::CounterPaused decode_as(const json& j) {
    return {str(j, "counter"), time_of(j, "at")};
}
template <>
engine::CounterClosed decode_as(const json& j) {
    return {str(j, "counter"), time_of(j, "at")};
}
template <>
engine::TicketCalled decode_as(const json& j) {
    return {str(j, "number"), str(j, "counter"), j.at("recall").get<bool>(),
            j.at("out_of_order").get<bool>(), time_of(j, "at")};
}
template <>
engine::TicketTransferred decode_as(const json& j) {
    return {str(j, "number"), str(j, "to_service"),
            str(j, "position") == "front" ? engine::Position::front : engine::Position::back,
            time_of(j, "at")};
}

// The stored type names are the engine's own (engine::event_type), looked up per alternative.
template <std::size_t I = 0>
std::optional<engine::Event> decode_by_type(const std::string& type, const json& j) {
    if constexpr (I == std::variant_size_v<engine::Event>) {
        return std::nullopt;
    } else {
        using T = std::variant_alternative_t<I, engine::Event>;
        if (engine::event_type(engine::Event(T{})) == type) return engine::Event(decode_as<T>(j));
        return decode_by_type<I + 1>(type, j);
    }
}

}  // namespace

std::optional<engine::Event> decode_event(const std::string& type, const json& j) {
    try {
        return decode_by_type(type, j);
    } catch (const json::exception& e) {
        throw std::runtime_error("broken '" + type + "' record in the event log: " + e.what());
    }
}

EventKeys keys_of(const engine::Event& event) {
    return std::visit(
        [](const auto& e) -> EventKeys {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, engine::TicketIssued>) {
                return {e.number, e.service, ""};
            } else if constexpr (std::is_same_v<T, engine::TicketTransferred>) {
                return {e.number, e.to_service, ""};
            } else if constexpr (std::is_same_v<T, engine::TicketCalled>) {
                return {e.number, "", e.counter};
            } else if constexpr (std::is_same_v<T, engine::CounterOpened> ||
                                 std::is_same_v<T, engine::CounterPaused> ||
                                 std::is_same_v<T, engine::CounterClosed>) {
                return {"", "", e.counter};
            } else {
                return {e.number, "", ""};
            }
        },
        event);
}

}  // namespace guichet::store
