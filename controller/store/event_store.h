// The event log: an append-only SQLite table, the single truth of a site.
//
// Contract: append() writes a whole batch in one transaction (WAL,
// synchronous=FULL) and returns only once it is durable; it throws on any
// SQLite failure, after which the caller must stop (the in-memory state may
// be ahead of the log: a restart replays the log). A request's reply is kept
// with its events so that a repeated (device, request id) gets the same reply
// after a restart. Not thread-safe: one writer thread owns the store.
//
// Tamper evidence: every event row carries `hash` = SHA-256 of the previous
// row's hash and of its own columns (chain_hash), so a missing, altered or
// reordered event breaks the chain (controller/evidence verifies it). A store
// of an older schema is migrated on open: its rows are hashed in seq order,
// none is lost. A retention purge removes a prefix of the log and keeps the
// last removed hash as the anchor the remaining chain starts from.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
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

// One stored event as the hash chain reads it (NULL columns read as "").
struct ChainRow {
    std::int64_t seq = 0;
    std::int64_t at = 0;
    std::string day, type, ticket, service, counter, device, request_id, data;
};

// The hash before the first event of a log.
inline const std::string kChainStart(64, '0');

// hex(SHA-256(previous || length-prefixed columns of row)).
std::string chain_hash(const std::string& previous, const ChainRow& row);
std::string sha256_hex(std::string_view bytes);

// What the first stored event chains to: the start, or the last event a purge removed.
struct ChainAnchor {
    std::int64_t seq = 0;
    std::string hash = kChainStart;
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

    std::string chain_head() const { return last_hash_; }  // hash of the last event
    ChainAnchor chain_anchor();

    // Removes the events before `first_kept_seq` and the requests of the days before
    // `first_kept_day`, moves the anchor to the last removed event, then appends `log_entry`
    // (which records the purge): one transaction. Returns the number of events removed.
    std::int64_t purge_before(std::int64_t first_kept_seq, const std::string& first_kept_day,
                              const Entry& log_entry);

  private:
    void migrate_to_chain();
    void append_rows(const std::vector<Entry>& batch);
    SQLite::Database db_;
    std::unique_ptr<SQLite::Statement> insert_event_;
    std::unique_ptr<SQLite::Statement> insert_request_;
    std::unique_ptr<SQLite::Statement> find_reply_;
    std::int64_t next_seq_ = 1;
    std::string last_hash_ = kChainStart;
};

}  // namespace guichet::store
