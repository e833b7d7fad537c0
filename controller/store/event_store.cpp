#include "controller/store/event_store.h"

#include <array>
#include <cstdio>

#include "controller/store/event_codec.h"

namespace guichet::store {

namespace {

// 1: events and requests. 2: events.hash and chain_anchor (tamper-evident chain).
constexpr int kSchemaVersion = 2;

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
    data       TEXT NOT NULL,         -- JSON
    hash       TEXT                   -- chain_hash(previous row's hash, this row)
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
CREATE TABLE IF NOT EXISTS chain_anchor (
    seq  INTEGER NOT NULL,                -- the last event removed by a purge
    hash TEXT NOT NULL
);
)sql";

// FIPS 180-4 SHA-256: the chain needs no more than this, and no extra library.
class Sha256 {
  public:
    void update(std::string_view data) {
        for (unsigned char c : data) {
            block_[fill_++] = c;
            if (fill_ == 64) {
                compress();
                fill_ = 0;
            }
        }
        length_ += data.size();
    }
    std::string hex() {
        const std::uint64_t bits = length_ * 8;
        update(std::string_view("\x80", 1));
        while (fill_ != 56) update(std::string_view("\0", 1));
        for (int i = 7; i >= 0; --i) block_[fill_++] = static_cast<unsigned char>(bits >> (8 * i));
        compress();
        std::string out;
        char buf[9];
        for (std::uint32_t v : h_) {
            std::snprintf(buf, sizeof buf, "%08x", v);
            out += buf;
        }
        return out;
    }

  private:
    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
    void compress() {
        static constexpr std::array<std::uint32_t, 64> k = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2};
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(block_[4 * i]) << 24 | std::uint32_t(block_[4 * i + 1]) << 16 |
                   std::uint32_t(block_[4 * i + 2]) << 8 | std::uint32_t(block_[4 * i + 3]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = h_;
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            const std::uint32_t t2 =
                (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
        for (int i = 0; i < 8; ++i) h_[i] += add[i];
    }

    std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

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

std::string column_text(const SQLite::Column& c) {
    return c.isNull() ? std::string() : c.getString();
}

const char* kChainColumns =
    "seq, at, day, type, ticket, service, counter, device, request_id, data";

ChainRow chain_row(SQLite::Statement& s) {
    ChainRow r;
    r.seq = s.getColumn(0).getInt64();
    r.at = s.getColumn(1).getInt64();
    r.day = column_text(s.getColumn(2));
    r.type = column_text(s.getColumn(3));
    r.ticket = column_text(s.getColumn(4));
    r.service = column_text(s.getColumn(5));
    r.counter = column_text(s.getColumn(6));
    r.device = column_text(s.getColumn(7));
    r.request_id = column_text(s.getColumn(8));
    r.data = column_text(s.getColumn(9));
    return r;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    Sha256 h;
    h.update(bytes);
    return h.hex();
}

std::string chain_hash(const std::string& previous, const ChainRow& row) {
    Sha256 h;
    h.update(previous);
    // Length-prefixed fields: no two different rows hash the same bytes.
    auto field = [&](std::string_view v) {
        h.update(std::to_string(v.size()));
        h.update(":");
        h.update(v);
    };
    field(std::to_string(row.seq));
    field(std::to_string(row.at));
    for (const std::string* f : {&row.day, &row.type, &row.ticket, &row.service, &row.counter,
                                 &row.device, &row.request_id, &row.data})
        field(*f);
    return h.hex();
}

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
    if (version < 2) migrate_to_chain();
    db_.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
    insert_event_ = std::make_unique<SQLite::Statement>(
        db_,
        "INSERT INTO events(seq, at, day, type, ticket, service, counter, device, request_id, "
        "data, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    insert_request_ = std::make_unique<SQLite::Statement>(
        db_,
        "INSERT OR IGNORE INTO requests(device, request_id, at, day, op, ok, error, reply) "
        "VALUES (?,?,?,?,?,?,?,?)");
    find_reply_ = std::make_unique<SQLite::Statement>(
        db_, "SELECT reply FROM requests WHERE device = ? AND request_id = ?");
    SQLite::Statement head(db_, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
    if (head.executeStep()) {
        next_seq_ = head.getColumn(0).getInt64() + 1;
        last_hash_ = head.getColumn(1).getString();
    } else {
        const ChainAnchor anchor = chain_anchor();
        next_seq_ = anchor.seq + 1;
        last_hash_ = anchor.hash;
    }
}

// Schema 1 had no hash: add the column and chain every row in log order, in one transaction.
void EventStore::migrate_to_chain() {
    SQLite::Transaction tx(db_);
    bool has_hash = false;
    SQLite::Statement columns(db_, "PRAGMA table_info(events)");
    while (columns.executeStep())
        if (columns.getColumn(1).getString() == "hash") has_hash = true;
    if (!has_hash) db_.exec("ALTER TABLE events ADD COLUMN hash TEXT");
    SQLite::Statement rows(db_,
                           std::string("SELECT ") + kChainColumns + " FROM events ORDER BY seq");
    SQLite::Statement update(db_, "UPDATE events SET hash = ? WHERE seq = ?");
    std::string previous = kChainStart;
    while (rows.executeStep()) {
        const ChainRow row = chain_row(rows);
        previous = chain_hash(previous, row);
        update.reset();
        update.bind(1, previous);
        update.bind(2, row.seq);
        update.exec();
    }
    tx.commit();
}

ChainAnchor EventStore::chain_anchor() {
    SQLite::Statement q(db_, "SELECT seq, hash FROM chain_anchor LIMIT 1");
    if (!q.executeStep()) return {};
    return {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
}

void EventStore::append(const std::vector<Entry>& batch) {
    if (batch.empty()) return;
    SQLite::Transaction tx(db_);
    const std::int64_t seq = next_seq_;
    const std::string hash = last_hash_;
    try {
        append_rows(batch);
        tx.commit();
    } catch (...) {
        next_seq_ = seq;  // the rows were rolled back: so is the chain head
        last_hash_ = hash;
        throw;
    }
}

void EventStore::append_rows(const std::vector<Entry>& batch) {
    auto insert = [&](const Entry& e, const std::string& type, const EventKeys& keys,
                      const nlohmann::json& data) {
        ChainRow row{next_seq_,    secs(e.at),   e.day,    type,         keys.ticket,
                     keys.service, keys.counter, e.device, e.request_id, data.dump()};
        const std::string hash = chain_hash(last_hash_, row);
        SQLite::Statement& s = *insert_event_;
        s.reset();
        s.bind(1, row.seq);
        s.bind(2, row.at);
        s.bind(3, row.day);
        s.bind(4, row.type);
        bind_text_or_null(s, 5, row.ticket);
        bind_text_or_null(s, 6, row.service);
        bind_text_or_null(s, 7, row.counter);
        bind_text_or_null(s, 8, row.device);
        bind_text_or_null(s, 9, row.request_id);
        s.bind(10, row.data);
        s.bind(11, hash);
        s.exec();
        next_seq_++;
        last_hash_ = hash;
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
}

std::int64_t EventStore::purge_before(std::int64_t first_kept_seq,
                                      const std::string& first_kept_day, const Entry& log_entry) {
    SQLite::Transaction tx(db_);
    const std::int64_t seq = next_seq_;
    const std::string hash = last_hash_;
    try {
        SQLite::Statement last(
            db_, "SELECT seq, hash FROM events WHERE seq < ? ORDER BY seq DESC LIMIT 1");
        last.bind(1, first_kept_seq);
        std::int64_t removed = 0;
        if (last.executeStep()) {
            const std::int64_t anchor_seq = last.getColumn(0).getInt64();
            const std::string anchor_hash = last.getColumn(1).getString();
            SQLite::Statement del(db_, "DELETE FROM events WHERE seq <= ?");
            del.bind(1, anchor_seq);
            removed = del.exec();
            db_.exec("DELETE FROM chain_anchor");
            SQLite::Statement anchor(db_, "INSERT INTO chain_anchor(seq, hash) VALUES (?, ?)");
            anchor.bind(1, anchor_seq);
            anchor.bind(2, anchor_hash);
            anchor.exec();
        }
        SQLite::Statement requests(db_, "DELETE FROM requests WHERE day < ?");
        requests.bind(1, first_kept_day);
        requests.exec();
        append_rows({log_entry});
        tx.commit();
        return removed;
    } catch (...) {
        next_seq_ = seq;
        last_hash_ = hash;
        throw;
    }
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
    return next_seq_ - 1;
}

}  // namespace guichet::store
