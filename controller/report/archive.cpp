#include "controller/report/archive.h"

#include <date/date.h>

#include <sstream>

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
    SQLite::Database db(store_path, SQLite::OPEN_READONLY);
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
        " report TEXT NOT NULL)");
}

void save_daily(SQLite::Database& db, const DailyReport& r, const std::string& chain_hash) {
    ensure_archive(db);
    SQLite::Statement q(db,
                        "INSERT OR REPLACE INTO daily_reports(day, last_seq, chain_hash, report)"
                        " VALUES (?,?,?,?)");
    q.bind(1, r.day);
    q.bind(2, r.last_seq);
    q.bind(3, chain_hash);
    q.bind(4, nlohmann::json(r).dump());
    q.exec();
}

std::optional<DailyReport> saved_daily(SQLite::Database& db, const std::string& day) {
    if (!has_table(db, "daily_reports")) return std::nullopt;
    SQLite::Statement q(db, "SELECT report FROM daily_reports WHERE day = ?");
    q.bind(1, day);
    if (!q.executeStep()) return std::nullopt;
    return nlohmann::json::parse(q.getColumn(0).getString()).get<DailyReport>();
}

std::vector<std::string> days_between(const std::string& first, const std::string& last) {
    auto parse = [](const std::string& s) {
        std::istringstream in(s);
        date::sys_days d;
        in >> date::parse("%F", d);
        if (in.fail()) throw std::invalid_argument("not a date (YYYY-MM-DD): " + s);
        return d;
    };
    std::vector<std::string> out;
    for (date::sys_days d = parse(first); d <= parse(last); d += date::days(1))
        out.push_back(date::format("%F", d));
    return out;
}

DailyReport daily_report(SQLite::Database& db, const config::SiteConfig& site,
                         const date::time_zone* zone, const std::string& day) {
    if (auto saved = saved_daily(db, day)) {
        SQLite::Statement q(db,
                            "SELECT MIN(seq), MAX(seq), (SELECT hash FROM events WHERE seq = ?)"
                            " FROM events WHERE day = ?");
        q.bind(1, saved->last_seq);
        q.bind(2, day);
        q.executeStep();
        // Purged: no event of the day is left at or before the aggregate's last one (records
        // written later, such as the purge's own, may share its date).
        if (q.getColumn(0).isNull() || q.getColumn(0).getInt64() > saved->last_seq) return *saved;
        // Still exactly the log it was computed from: same last event, same hash.
        SQLite::Statement h(db, "SELECT chain_hash FROM daily_reports WHERE day = ?");
        h.bind(1, day);
        if (q.getColumn(1).getInt64() == saved->last_seq && h.executeStep() &&
            !q.getColumn(2).isNull() && q.getColumn(2).getString() == h.getColumn(0).getString())
            return *saved;
    }
    DayLog log = load_records(db, day, day);
    return compute_daily(site, zone, day, log.records, log.requests);
}

void save_days(SQLite::Database& db, const config::SiteConfig& site, const date::time_zone* zone,
               const std::string& first, const std::string& last) {
    for (const std::string& day : days_between(first, last)) {
        DayLog log = load_records(db, day, day);
        if (log.records.empty()) continue;
        const DailyReport r = compute_daily(site, zone, day, log.records, log.requests);
        SQLite::Statement h(db, "SELECT hash FROM events WHERE seq = ?");
        h.bind(1, r.last_seq);
        save_daily(db, r, h.executeStep() ? h.getColumn(0).getString() : std::string());
    }
}

PeriodReport period_report(SQLite::Database& db, const config::SiteConfig& site,
                           const date::time_zone* zone, const std::string& first,
                           const std::string& last) {
    std::vector<DailyReport> days;
    for (const std::string& day : days_between(first, last)) {
        DailyReport r = daily_report(db, site, zone, day);
        // The period keeps what it folds: drop the per-day detail it never reads.
        r.gaps.clear();
        r.alerts.clear();
        days.push_back(std::move(r));
    }
    return compute_period(site, first, last, days);
}

}  // namespace guichet::report
