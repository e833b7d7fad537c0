// The event log: an append-only SQLite table, the single truth of a site.
//
// Contract: append() writes a whole batch in one transaction (WAL,
// synchronous=FULL) and returns only once it is durable; it throws on any
// SQLite failure, after which the caller must stop (the in-memory state may
// be ahead of the log: a restart replays the log). A request's reply is kept
// with its events so that a repeated (device, request id) gets the same reply
// after a restart. Not thread-safe: one writer thread owns the store.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "controller/engine/engine.h"

namespace guichet::store {

// A record that is not an engine event (footfall counts, survey votes, alerts, refusals' context).
struct Note {
    std::string type;  // "footfall.counted", "survey.voted", ...
    nlohmann::json data;
};

// One handled request: what it did and what was answered.
struct Entry {
    std::string device;
    std::string request_id;
    std::string op;
    engine::Time at;
    std::string day;  // site-local date, YYYY-MM-DD
    std::vector<engine::Event> events;
    std::vector<Note> notes;
    bool ok = true;
    std::string error_code;  // when !ok: refusals are part of the day's truth
    std::string reply;       // the JSON reply sent to the device
    // The wait printed on the ticket: stored in the data of this entry's ticket.issued event,
    // so the reports can measure how good the estimates were.
    std::optional<int> estimated_wait_s;
};

struct StoredRecord {
    std::int64_t seq = 0;
    engine::Time at;
    std::string day;
    std::string type;
    nlohmann::json data;
    std::optional<engine::Event> event;  // set when the record is an engine event
};

class EventStore {
  public:
    // Opens or creates the store at `path` (":memory:" for tests of callers).
    explicit EventStore(const std::string& path);

    void append(const std::vector<Entry>& batch);

    // The reply first given to (device, request_id), if that request was handled.
    std::optional<std::string> reply_for(const std::string& device, const std::string& request_id);

    // Every record in log order.
    void replay(const std::function<void(const StoredRecord&)>& visit);

    std::int64_t last_seq();
    SQLite::Database& database() { return db_; }

  private:
    SQLite::Database db_;
    std::unique_ptr<SQLite::Statement> insert_event_;
    std::unique_ptr<SQLite::Statement> insert_request_;
    std::unique_ptr<SQLite::Statement> find_reply_;
};

}  // namespace guichet::store
