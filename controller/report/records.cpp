#include "controller/report/records.h"

#include <sqlite3.h>

#include <charconv>
#include <cstdio>
#include <limits>
#include <memory>
#include <string_view>

namespace guichet::report {

namespace {

// Only these types keep their JSON: every other figure comes from indexed columns, so a
// year of events is read without parsing millions of small JSON objects.
bool keeps_data(const std::string& type) {
    return type == "counter.opened" ||
           (type.rfind("ticket.", 0) != 0 && type.rfind("counter.", 0) != 0);
}

std::string text_or_empty(const SQLite::Column& c) {
    return c.isNull() ? std::string() : c.getString();
}

engine::Time seconds(std::int64_t s) {
    return engine::Time(std::chrono::seconds(s));
}

// The text right after `"key":` in a flat JSON object (the store writes event data with
// nlohmann's compact dump); empty when the key is absent. A key cannot match inside a
// string value, where its quotes would be escaped. Finding two members this way instead of
// parsing (json_extract) cost a third of reading a year.
std::string_view member(std::string_view json, std::string_view key) {
    for (std::size_t at = json.find(key); at != std::string_view::npos;
         at = json.find(key, at + 1)) {
        const std::size_t colon = at + key.size();
        if (at > 0 && json[at - 1] == '"' && json.substr(colon, 2) == "\":")
            return json.substr(colon + 2);
    }
    return {};
}

// The first and last seq of the days first..last: the ends of each (day, type) run of the
// events_day index, found by seeks (a MIN/MAX over a day's index entries cost more than
// reading its events; so did a row-value range over (day, type)).
std::pair<std::int64_t, std::int64_t> seq_range(SQLite::Database& db, const std::string& first,
                                                const std::string& last) {
    SQLite::Statement next(
        db, "SELECT type FROM events WHERE day = ? AND type > ? ORDER BY type LIMIT 1");
    SQLite::Statement ends(db,
                           "SELECT (SELECT seq FROM events WHERE day = ?1 AND type = ?2"
                           " ORDER BY seq LIMIT 1), (SELECT seq FROM events WHERE day = ?1"
                           " AND type = ?2 ORDER BY seq DESC LIMIT 1)");
    std::int64_t from = std::numeric_limits<std::int64_t>::max(), to = 0;
    for (const std::string& day : days_between(first, last)) {
        for (std::string type;;) {
            next.bind(1, day);
            next.bind(2, type);
            const bool found = next.executeStep();
            if (found) type = next.getColumn(0).getString();
            next.reset();
            if (!found) break;
            ends.bind(1, day);
            ends.bind(2, type);
            ends.executeStep();
            from = std::min(from, ends.getColumn(0).getInt64());
            to = std::max(to, ends.getColumn(1).getInt64());
            ends.reset();
        }
    }
    return {from, to};  // from > to: no event
}

}  // namespace

std::optional<date::sys_days> parse_day(const std::string& text) {
    int y = 0;
    unsigned m = 0, d = 0;
    char rest = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &rest) != 3)
        return std::nullopt;
    const date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
    if (!ymd.ok()) return std::nullopt;
    return date::sys_days(ymd);
}

std::vector<std::string> days_between(const std::string& first, const std::string& last) {
    const auto from = parse_day(first), to = parse_day(last);
    if (!from) throw std::invalid_argument("date invalide (AAAA-MM-JJ) : " + first);
    if (!to) throw std::invalid_argument("date invalide (AAAA-MM-JJ) : " + last);
    std::vector<std::string> out;
    for (date::sys_days d = *from; d <= *to; d += date::days(1))
        out.push_back(date::format("%F", d));
    return out;
}

DayLog load_records(SQLite::Database& db, const std::string& first, const std::string& last) {
    DayLog log;
    // The days' events are a run of seqs: read the table in seq order over that run (one pass
    // over its pages rather than one lookup per event).
    const auto [from, to] = seq_range(db, first, last);
    // SQLite's C API here: SQLiteCpp's Column objects (a shared pointer copied per column and
    // row) cost a fifth of reading a year.
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v2(
            db.getHandle(),
            "SELECT seq, at, day, type, ticket, service, counter, data FROM events"
            " WHERE seq BETWEEN ? AND ? AND day BETWEEN ? AND ? ORDER BY seq",
            -1, &raw, nullptr);
        rc != SQLITE_OK)
        throw SQLite::Exception(db.getHandle(), rc);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> events(raw, sqlite3_finalize);
    sqlite3_bind_int64(raw, 1, from);
    sqlite3_bind_int64(raw, 2, to);
    sqlite3_bind_text(raw, 3, first.data(), static_cast<int>(first.size()), SQLITE_STATIC);
    sqlite3_bind_text(raw, 4, last.data(), static_cast<int>(last.size()), SQLITE_STATIC);
    auto text = [raw](int column) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(raw, column)))
                 : std::string_view();
    };
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        Record r;
        r.seq = sqlite3_column_int64(raw, 0);
        r.at = seconds(sqlite3_column_int64(raw, 1));
        r.day = text(2);
        r.type = text(3);
        r.ticket = text(4);
        r.service = text(5);
        r.counter = text(6);
        // data is read only for the records that use it (most do not).
        if (r.type == "ticket.called") {
            r.recall = member(text(7), "recall").substr(0, 4) == "true";
        } else if (r.type == "ticket.issued") {
            const std::string_view estimate = member(text(7), "estimated_wait_s");
            std::int64_t value = 0;
            if (std::from_chars(estimate.data(), estimate.data() + estimate.size(), value).ec ==
                std::errc())
                r.estimated_wait_s = value;
        } else if (keeps_data(r.type)) {
            r.data = nlohmann::json::parse(text(7), nullptr, false);
        }
        log.records.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) throw SQLite::Exception(db.getHandle(), rc);
    // Only refusals count in a report: the accepted requests (as many as the events) stay
    // unread. One seek per day in the (day, ok) index.
    SQLite::Statement requests(db,
                               "SELECT device, request_id, at, day, op, ok, error FROM requests"
                               " WHERE day = ? AND ok = 0 ORDER BY at, rowid");
    for (const std::string& day : days_between(first, last)) {
        requests.bind(1, day);
        while (requests.executeStep()) {
            Request q;
            q.device = requests.getColumn(0).getString();
            q.request_id = requests.getColumn(1).getString();
            q.at = seconds(requests.getColumn(2).getInt64());
            q.day = requests.getColumn(3).getString();
            q.op = requests.getColumn(4).getString();
            q.ok = requests.getColumn(5).getInt() != 0;
            q.error = text_or_empty(requests.getColumn(6));
            log.requests.push_back(std::move(q));
        }
        requests.reset();
    }
    return log;
}

Record record_from_row(std::int64_t seq, engine::Time at, std::string day, std::string type,
                       std::string ticket, std::string service, std::string counter,
                       const nlohmann::json& data) {
    Record r;
    r.seq = seq;
    r.at = at;
    r.day = std::move(day);
    r.type = std::move(type);
    r.ticket = std::move(ticket);
    r.service = std::move(service);
    r.counter = std::move(counter);
    if (r.type == "ticket.called") r.recall = data.value("recall", false);
    if (r.type == "ticket.issued" && data.contains("estimated_wait_s"))
        r.estimated_wait_s = data.at("estimated_wait_s").get<std::int64_t>();
    if (keeps_data(r.type)) r.data = data;
    return r;
}

}  // namespace guichet::report
