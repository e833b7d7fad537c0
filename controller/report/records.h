// What the reports read from the event log: one Record per stored event, one
// Request per refused request (accepted ones are in the events).
//
// Contract: load_records() returns the events of the local days [first, last]
// (YYYY-MM-DD, inclusive) in log order, with only the fields the figures need,
// and the refused requests of those days;
// record_from_row() builds the same Record from an exported event row, so that
// the live store and an evidence folder give identical figures.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <date/date.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "controller/engine/engine.h"

namespace guichet::report {

struct Record {
    std::int64_t seq = 0;
    engine::Time at;
    std::string day;  // site-local date YYYY-MM-DD
    std::string type;
    std::string ticket;
    std::string service;  // ticket.issued: chosen service; ticket.transferred: new service
    std::string counter;
    bool recall = false;                           // ticket.called
    std::optional<std::int64_t> estimated_wait_s;  // ticket.issued, when the estimate was logged
    nlohmann::json data;  // kept for counter.opened and notes (votes, alerts); null otherwise
};

struct Request {
    std::string device;
    std::string request_id;
    engine::Time at;
    std::string day;
    std::string op;
    bool ok = true;
    std::string error;  // protocol error code when !ok
};

struct DayLog {
    std::vector<Record> records;
    std::vector<Request> requests;  // refused ones only
};

// "2026-11-23" -> that date; nullopt unless a valid YYYY-MM-DD.
std::optional<date::sys_days> parse_day(const std::string& text);

// The local days first..last (YYYY-MM-DD, inclusive), in order; throws
// std::invalid_argument on a malformed date.
std::vector<std::string> days_between(const std::string& first, const std::string& last);

// The records and refused requests of the local days first..last (inclusive), in log order.
DayLog load_records(SQLite::Database& db, const std::string& first, const std::string& last);

// A Record from the columns of one stored event (data as its JSON object).
Record record_from_row(std::int64_t seq, engine::Time at, std::string day, std::string type,
                       std::string ticket, std::string service, std::string counter,
                       const nlohmann::json& data);

}  // namespace guichet::report
