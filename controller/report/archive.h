// Daily aggregates kept in the store (table daily_reports), and the report a
// day or a period has, whether its events are still in the log or were purged.
//
// Contract: a day's figures are what its events give (the log is the truth).
// A saved aggregate stands for them only when its events were purged
// (retention: no event of the day left at or before its last_seq) or when
// the day's events are still exactly those it was computed from (same last
// seq, same chain hash): then it is a cache, and a year reads 365 aggregates
// instead of millions of events. save_daily() replaces a day's aggregate.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <vector>

#include "controller/report/daily.h"
#include "controller/report/period.h"

namespace guichet::report {

// A read-only connection for reports, with a page cache sized for a day's events, for
// use by one thread at a time.
SQLite::Database open_for_reading(const std::string& store_path);

// Creates the daily_reports table when missing (a no-op on a read-only store that has it).
void ensure_archive(SQLite::Database& db);

void save_daily(SQLite::Database& db, const DailyReport& r, const std::string& chain_hash);
std::optional<DailyReport> saved_daily(SQLite::Database& db, const std::string& day);

// Computes the day's full report from its events and saves its aggregate; nullopt (nothing
// saved) when the day has no event.
std::optional<DailyReport> save_day(SQLite::Database& db, const config::SiteConfig& site,
                                    const date::time_zone* zone, const std::string& day);

// save_day() for each of the days first..last (a backlog).
void save_days(SQLite::Database& db, const config::SiteConfig& site, const date::time_zone* zone,
               const std::string& first, const std::string& last);

// The day's report: from its events, or the saved aggregate (purged, or still valid).
// `now`: as compute_daily's (a day in progress).
DailyReport daily_report(SQLite::Database& db, const config::SiteConfig& site,
                         const date::time_zone* zone, const std::string& day,
                         Detail detail = Detail::full,
                         std::optional<engine::Time> now = std::nullopt);

// Folds the daily reports of first..last, one day in memory at a time.
PeriodReport period_report(SQLite::Database& db, const config::SiteConfig& site,
                           const date::time_zone* zone, const std::string& first,
                           const std::string& last);

}  // namespace guichet::report
