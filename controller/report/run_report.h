// `guichet report`: the daily or period report of a site, in one format.
//
// Contract: run_report() reads the store named by the site config (or
// args.store), never writes to it, prints errors in French on stderr and
// returns 0 on success, 1 on a runtime failure, 2 on bad arguments.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/engine/engine.h"

namespace guichet::report {

struct ReportArgs {
    std::string config_path;
    std::string store;               // default: the config's [store] path
    std::string day;                 // YYYY-MM-DD
    std::string to;                  // YYYY-MM-DD: a period report day..to; empty: a daily report
    std::string format = "html";     // html | csv | text | json
    std::string lang = "fr";         // fr | en
    std::string csv_dialect = "fr";  // fr (';' and decimal comma) | en (',')
    std::string out;                 // file; empty: standard output
    // When the report is made (the CLI passes the clock): a day not closed yet gets a
    // provisional report. nullopt: the day is taken as over.
    std::optional<engine::Time> now;
};

int run_report(const ReportArgs& args);

// rapport-<day>.<format> in `folder`, for each of `formats` (html, csv, json).
std::vector<std::string> day_report_files(const std::string& folder, const std::string& day,
                                          const std::vector<std::string>& formats);

// The controller's job once a day has closed: saves the day's aggregate in the store
// (daily_reports) and writes day_report_files() in French, each one whole (under a
// temporary name, then renamed). Returns false, writing nothing, when the day has no event.
bool write_day_reports(SQLite::Database& db, const config::SiteConfig& site, const std::string& day,
                       const std::string& folder, const std::vector<std::string>& formats);

}  // namespace guichet::report
