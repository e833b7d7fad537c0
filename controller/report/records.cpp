#include "controller/report/records.h"

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

}  // namespace

DayLog load_records(SQLite::Database& db, const std::string& first, const std::string& last) {
    DayLog log;
    // The days' events are a run of seqs: find it in the day index, then read the table in
    // seq order (one pass over its pages rather than one lookup per event).
    SQLite::Statement range(db, "SELECT MIN(seq), MAX(seq) FROM events WHERE day BETWEEN ? AND ?");
    range.bind(1, first);
    range.bind(2, last);
    range.executeStep();
    const std::int64_t from = range.getColumn(0).isNull() ? 1 : range.getColumn(0).getInt64();
    const std::int64_t to = range.getColumn(1).isNull() ? 0 : range.getColumn(1).getInt64();
    SQLite::Statement events(
        db,
        "SELECT seq, at, day, type, ticket, service, counter,"
        " CASE type WHEN 'ticket.called' THEN json_extract(data, '$.recall') END,"
        " CASE type WHEN 'ticket.issued' THEN json_extract(data, '$.estimated_wait_s') END,"
        " CASE WHEN type = 'counter.opened' OR (type NOT LIKE 'ticket.%' AND type NOT LIKE "
        "'counter.%') THEN data END"
        " FROM events WHERE seq BETWEEN ? AND ? AND day BETWEEN ? AND ? ORDER BY seq");
    events.bind(1, from);
    events.bind(2, to);
    events.bind(3, first);
    events.bind(4, last);
    while (events.executeStep()) {
        Record r;
        r.seq = events.getColumn(0).getInt64();
        r.at = seconds(events.getColumn(1).getInt64());
        r.day = events.getColumn(2).getString();
        r.type = events.getColumn(3).getString();
        r.ticket = text_or_empty(events.getColumn(4));
        r.service = text_or_empty(events.getColumn(5));
        r.counter = text_or_empty(events.getColumn(6));
        r.recall = events.getColumn(7).getInt() != 0;
        if (!events.getColumn(8).isNull()) r.estimated_wait_s = events.getColumn(8).getInt64();
        if (!events.getColumn(9).isNull())
            r.data = nlohmann::json::parse(events.getColumn(9).getString(), nullptr, false);
        log.records.push_back(std::move(r));
    }
    SQLite::Statement requests(db,
                               "SELECT device, request_id, at, day, op, ok, error FROM requests"
                               " WHERE day BETWEEN ? AND ? ORDER BY at, rowid");
    requests.bind(1, first);
    requests.bind(2, last);
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
