// `guichet report`: the daily or period report of a site, in one format.
//
// Contract: run_report() reads the store named by the site config (or
// args.store), never writes to it, prints errors in French on stderr and
// returns 0 on success, 1 on a runtime failure, 2 on bad arguments.
// write_day_reports() is what the controller calls after closing a day.
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

// Writes <folder>/rapport-<day>.html, .csv and .json (French) for one closed day.
void write_day_reports(const config::SiteConfig& site, const std::string& store_path,
                       const std::string& day, const std::string& folder);

}  // namespace guichet::report
