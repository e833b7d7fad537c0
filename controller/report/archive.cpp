#include "controller/report/archive.h"

#include <date/date.h>

#include "controller/report/report_json.h"

namespace guichet::report {

namespace {

bool has_table(SQLite::Database& db, const std::string& name) {
    SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, name);
    return q.executeStep();
}

}  // namespace

SQLite::Database open_for_reading(const std::string& store_path) {
    // One connection per thread: SQLite's per-call locking is not needed (it cost 5 % of a year).
    SQLite::Database db(store_path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    db.exec("PRAGMA cache_size = -32768");  // 32 MiB
    return db;
}

void ensure_archive(SQLite::Database& db) {
    if (has_table(db, "daily_reports")) return;
    db.exec(
        "CREATE TABLE daily_reports ("
        " day TEXT PRIMARY KEY,"
        " last_seq INTEGER NOT NULL,"
        " chain_hash TEXT NOT NULL,"  // hash of the day's last event: ties the figures to the log
        " report TEXT NOT NULL,"      // the whole daily report (JSON)
        " figures TEXT NOT NULL)");   // the same without the gap list: what periods read
}

void save_daily(SQLite::Database& db, const DailyReport& r, const std::string& chain_hash) {
    ensure_archive(db);
    SQLite::Statement q(db,
                        "INSERT OR REPLACE INTO daily_reports(day, last_seq, chain_hash, report,"
                        " figures) VALUES (?,?,?,?,?)");
    nlohmann::json j = r;
    q.bind(1, r.day);
    q.bind(2, r.last_seq);
    q.bind(3, chain_hash);
    q.bind(4, j.dump());
    j["gaps"] = nlohmann::json::array();
    j["alerts"] = nlohmann::json::array();
    q.bind(5, j.dump());
    q.exec();
}

namespace {

struct SavedRow {
    std::int64_t last_seq = 0;
    std::string chain_hash;
    std::string json;
};

std::optional<SavedRow> saved_row(SQLite::Database& db, const std::string& day, Detail detail) {
    if (!has_table(db, "daily_reports")) return std::nullopt;
    SQLite::Statement q(db, std::string("SELECT last_seq, chain_hash, ") +
                                (detail == Detail::full ? "report" : "figures") +
                                " FROM daily_reports WHERE day = ?");
    q.bind(1, day);
    if (!q.executeStep()) return std::nullopt;
    return SavedRow{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                    q.getColumn(2).getString()};
}

}  // namespace

std::optional<DailyReport> saved_daily(SQLite::Database& db, const std::string& day) {
    auto row = saved_row(db, day, Detail::full);
    if (!row) return std::nullopt;
    return nlohmann::json::parse(row->json).get<DailyReport>();
}

DailyReport daily_report(SQLite::Database& db, const config::SiteConfig& site,
                         const date::time_zone* zone, const std::string& day, Detail detail,
                         std::optional<engine::Time> now) {
    if (auto saved = saved_row(db, day, detail)) {
        SQLite::Statement q(db,
                            "SELECT MIN(seq), MAX(seq), (SELECT hash FROM events WHERE seq = ?)"
                            " FROM events WHERE day = ?");
        q.bind(1, saved->last_seq);
        q.bind(2, day);
        q.executeStep();
        // Purged: no event of the day is left at or before the aggregate's last one (records
        // written later, such as the purge's own, may share its date). Or still exactly the
        // log it was computed from: same last event, same hash.
        const bool purged = q.getColumn(0).isNull() || q.getColumn(0).getInt64() > saved->last_seq;
        const bool current = !purged && q.getColumn(1).getInt64() == saved->last_seq &&
                             !q.getColumn(2).isNull() &&
                             q.getColumn(2).getString() == saved->chain_hash;
        if (purged || current) return nlohmann::json::parse(saved->json).get<DailyReport>();
    }
    DayLog log = load_records(db, day, day);
    return compute_daily(site, zone, day, log.records, log.requests, detail, now);
}

std::optional<DailyReport> save_day(SQLite::Database& db, const config::SiteConfig& site,
                                    const date::time_zone* zone, const std::string& day) {
    DayLog log = load_records(db, day, day);
    if (log.records.empty()) return std::nullopt;
    DailyReport r = compute_daily(site, zone, day, log.records, log.requests);
    SQLite::Statement h(db, "SELECT hash FROM events WHERE seq = ?");
    h.bind(1, r.last_seq);
    save_daily(db, r, h.executeStep() ? h.getColumn(0).getString() : std::string());
    return r;
}

void save_days(SQLite::Database& db, const config::SiteConfig& site, const date::time_zone* zone,
               const std::string& first, const std::string& last) {
    for (const std::string& day : days_between(first, last)) save_day(db, site, zone, day);
}

PeriodReport period_report(SQLite::Database& db, const config::SiteConfig& site,
                           const date::time_zone* zone, const std::string& first,
                           const std::string& last) {
    std::vector<DailyReport> days;
    for (const std::string& day : days_between(first, last)) {
        days.push_back(daily_report(db, site, zone, day, Detail::figures));
    }
    return compute_period(site, first, last, days);
}

}  // namespace guichet::report
