// `guichet report`: the daily or period report of a site, in one format.
//
// Contract: run_report() reads the store named by the site config (or
// args.store), never writes to it, prints errors in French on stderr and
// returns 0 on success, 1 on a runtime failure, 2 on bad arguments.
#pragma once

#include <string>

#include "controller/config/site_config.h"

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
};

int run_report(const ReportArgs& args);

// Saves the day's aggregate in the store (daily_reports) and writes
// <folder>/rapport-<day>.html, .csv and .json (French): the controller's job after closing.
void write_day_reports(const config::SiteConfig& site, const std::string& store_path,
                       const std::string& day, const std::string& folder);

}  // namespace guichet::report
