#include "controller/daemon/daily_reports.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "controller/config/site_time.h"
#include "controller/report/report_schedule.h"
#include "controller/report/run_report.h"

namespace guichet::daemon {

namespace {

// The days with events in the log, oldest first: one seek per day in the day index.
std::vector<std::string> days_in_log(SQLite::Database& db) {
    std::vector<std::string> days;
    SQLite::Statement next(db, "SELECT MIN(day) FROM events WHERE day > ?");
    for (std::string day;;) {
        next.bind(1, day);
        next.executeStep();
        const bool found = !next.getColumn(0).isNull();
        if (found) day = next.getColumn(0).getString();
        next.reset();
        if (!found) return days;
        days.push_back(day);
    }
}

}  // namespace

std::vector<std::string> write_due_reports(const config::SiteConfig& site, engine::Time now,
                                           const std::stop_token& stop) {
    const config::Reports& reports = site.reports;
    if (reports.folder.empty() || !std::filesystem::exists(site.store_path)) return {};
    SQLite::Database db(site.store_path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    db.exec("PRAGMA busy_timeout=5000");  // the controller appends to the log meanwhile
    auto written = [&](const std::string& day) {
        for (const std::string& f : report::day_report_files(reports.folder, day, reports.formats))
            if (!std::filesystem::exists(f)) return false;
        return true;
    };
    std::vector<std::string> done;
    for (const std::string& day : report::reports_due(site, config::find_zone(site.timezone), now,
                                                      days_in_log(db), written)) {
        if (stop.stop_requested()) break;
        if (report::write_day_reports(db, site, day, reports.folder, reports.formats)) {
            spdlog::info("rapport du {} écrit dans {}", day, reports.folder);
            done.push_back(day);
        }
    }
    return done;
}

DailyReportWriter::DailyReportWriter(const config::SiteConfig& site,
                                     std::function<engine::Time()> now,
                                     std::chrono::milliseconds every) {
    if (site.reports.folder.empty()) return;
    thread_ = std::jthread([site, now = std::move(now), every](std::stop_token stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            try {
                write_due_reports(site, now(), stop);
            } catch (const std::exception& e) {
                spdlog::error("rapports quotidiens : {} (nouvel essai dans {} ms)", e.what(),
                              every.count());
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, every, [] { return false; });
        }
    });
}

}  // namespace guichet::daemon
