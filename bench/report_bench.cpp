// Report benchmark: on a simulated year of a very busy site (over 500,000 tickets, made with
// `guichet simulate`: see bench/report-bench.sh), the daily, monthly and yearly reports timed,
// each in its own process so that its peak memory is its own (docs/report.md).
//
//   report_bench forget STORE                   removes the saved daily aggregates (cold runs)
//   report_bench save STORE CONFIG FROM TO      saves the daily aggregates (the nightly job)
//   report_bench measure STORE CONFIG FROM [TO] one report (HTML), prints time and peak memory
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "controller/config/site_time.h"
#include "controller/report/archive.h"
#include "controller/report/render.h"

using namespace guichet;

namespace {

int measure(const std::string& store_path, const config::SiteConfig& site, const std::string& from,
            const std::string& to) {
    const date::time_zone* zone = config::find_zone(site.timezone);
    const auto started = std::chrono::steady_clock::now();
    SQLite::Database db = report::open_for_reading(store_path);
    std::size_t bytes = 0;
    int tickets = 0;
    if (to.empty()) {
        const auto r = report::daily_report(db, site, zone, from);
        bytes = report::render_html(r, report::Lang::fr).size();
        tickets = r.summary.issued;
    } else {
        const auto r = report::period_report(db, site, zone, from, to);
        bytes = report::render_html(r, report::Lang::fr).size();
        tickets = r.summary.issued;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%s%s%s: %d tickets, %.0f ms, peak memory %.1f MB, HTML %zu bytes\n", from.c_str(),
                to.empty() ? "" : " to ", to.c_str(), tickets, ms, usage.ru_maxrss / 1024.0, bytes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "forget") {
        SQLite::Database db(args[1], SQLite::OPEN_READWRITE);
        db.exec("DROP TABLE IF EXISTS daily_reports");
        return 0;
    }
    if (args.size() < 3 || (args[0] != "measure" && args[0] != "save")) {
        std::cerr << "usage: report_bench forget STORE | save STORE CONFIG FROM TO"
                     " | measure STORE CONFIG FROM [TO]\n";
        return 2;
    }
    auto loaded = config::load_site_config(args[2]);
    if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
        std::cerr << err->message() << "\n";
        return 2;
    }
    const auto& site = std::get<config::SiteConfig>(loaded);
    if (args[0] == "save" && args.size() >= 5) {  // the nightly aggregates, for the warm figures
        SQLite::Database db(args[1], SQLite::OPEN_READWRITE);
        const auto started = std::chrono::steady_clock::now();
        report::save_days(db, site, config::find_zone(site.timezone), args[3], args[4]);
        std::printf(
            "saved daily aggregates %s to %s in %.1f s\n", args[3].c_str(), args[4].c_str(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        return 0;
    }
    if (args.size() < 4) return 2;
    return measure(args[1], site, args[3], args.size() > 4 ? args[4] : "");
}
