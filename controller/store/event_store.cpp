#include "controller/store/event_store.h"

#include "controller/store/event_codec.h"

namespace guichet::store {

namespace {

constexpr int kSchemaVersion = 1;

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,      -- UTC seconds
    day        TEXT NOT NULL,         -- site-local date YYYY-MM-DD
    type       TEXT NOT NULL,
    ticket     TEXT,
    service    TEXT,
    counter    TEXT,
    device     TEXT,
    request_id TEXT,
    data       TEXT NOT NULL          -- JSON
);
CREATE INDEX IF NOT EXISTS events_day ON events(day, type);
CREATE TABLE IF NOT EXISTS requests (
    device     TEXT NOT NULL,
    request_id TEXT NOT NULL,
    at         INTEGER NOT NULL,
    day        TEXT NOT NULL,
    op         TEXT NOT NULL,
    ok         INTEGER NOT NULL,
    error      TEXT,
    reply      TEXT NOT NULL,
    PRIMARY KEY (device, request_id)
);
CREATE INDEX IF NOT EXISTS requests_day ON requests(day, ok);
)sql";

std::int64_t secs(engine::Time t) {
    return t.time_since_epoch().count();
}

void bind_text_or_null(SQLite::Statement& s, int index, const std::string& value) {
    if (value.empty()) {
        s.bind(index);
    } else {
        s.bind(index, value);
    }
}

}  // namespace

EventStore::EventStore(const std::string& path)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec("PRAGMA busy_timeout=5000");
    const int version = db_.execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion)
        throw std::runtime_error("store " + path + " was written by a newer Guichet (schema " +
                                 std::to_string(version) + ")");
    db_.exec(kSchema);
    db_.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
    insert_event_ = std::make_unique<SQLite::Statement>(
        db_,
        "INSERT INTO events(at, day, type, ticket, service, counter, device, request_id, data) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    insert_request_ = std::make_unique<SQLite::Statement>(
        db_,
        "INSERT OR IGNORE INTO requests(device, request_id, at, day, op, ok, error, reply) "
        "VALUES (?,?,?,?,?,?,?,?)");
    find_reply_ = std::make_unique<SQLite::Statement>(
        db_, "SELECT reply FROM requests WHERE device = ? AND request_id = ?");
}

void EventStore::append(const std::vector<Entry>& batch) {
    if (batch.empty()) return;
    SQLite::Transaction tx(db_);
    auto insert = [&](const Entry& e, const std::string& type, const EventKeys& keys,
                      const nlohmann::json& data) {
        SQLite::Statement& s = *insert_event_;
        s.reset();
        s.bind(1, secs(e.at));
        s.bind(2, e.day);
        s.bind(3, type);
        bind_text_or_null(s, 4, keys.ticket);
        bind_text_or_null(s, 5, keys.service);
        bind_text_or_null(s, 6, keys.counter);
        bind_text_or_null(s, 7, e.device);
        bind_text_or_null(s, 8, e.request_id);
        s.bind(9, data.dump());
        s.exec();
    };
    for (const Entry& e : batch) {
        for (const engine::Event& ev : e.events) {
            nlohmann::json data = encode_event(ev);
            if (e.estimated_wait_s && std::holds_alternative<engine::TicketIssued>(ev))
                data["estimated_wait_s"] = *e.estimated_wait_s;
            insert(e, engine::event_type(ev), keys_of(ev), data);
        }
        for (const Note& n : e.notes) insert(e, n.type, {}, n.data);
        if (e.request_id.empty()) continue;
        SQLite::Statement& r = *insert_request_;
        r.reset();
        r.bind(1, e.device);
        r.bind(2, e.request_id);
        r.bind(3, secs(e.at));
        r.bind(4, e.day);
        r.bind(5, e.op);
        r.bind(6, e.ok ? 1 : 0);
        bind_text_or_null(r, 7, e.error_code);
        r.bind(8, e.reply);
        r.exec();
    }
    tx.commit();
}

std::optional<std::string> EventStore::reply_for(const std::string& device,
                                                 const std::string& request_id) {
    SQLite::Statement& s = *find_reply_;
    s.reset();
    s.bind(1, device);
    s.bind(2, request_id);
    if (!s.executeStep()) return std::nullopt;
    return s.getColumn(0).getString();
}

void EventStore::replay(const std::function<void(const StoredRecord&)>& visit) {
    SQLite::Statement s(db_, "SELECT seq, at, day, type, data FROM events ORDER BY seq");
    while (s.executeStep()) {
        StoredRecord r;
        r.seq = s.getColumn(0).getInt64();
        r.at = engine::Time(std::chrono::seconds(s.getColumn(1).getInt64()));
        r.day = s.getColumn(2).getString();
        r.type = s.getColumn(3).getString();
        try {
            r.data = nlohmann::json::parse(s.getColumn(4).getString());
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error("event " + std::to_string(r.seq) +
                                     " of the log is not valid JSON: " + e.what());
        }
        r.event = decode_event(r.type, r.data);
        visit(r);
    }
}

std::int64_t EventStore::last_seq() {
    return db_.execAndGet("SELECT COALESCE(MAX(seq), 0) FROM events").getInt64();
}

}  // namespace guichet::store
