// The daily reports the controller writes once each day has closed ([reports] in the
// site config; the schedule is report_schedule.h).
//
// Contract: write_due_reports() is one pass: on its own connection to the store, it
// finds the days of the log whose reports are due at `now` and whose files are not all
// in the folder, and writes them, oldest first (report::write_day_reports: the day's
// aggregate saved in the store, one short write the controller's busy timeout covers,
// then the files). Days whose files all exist are never rewritten: delete a day's files
// to have them written again. DailyReportWriter runs a pass at start (the catch-up on
// every closed day) and then every `every` on a thread of its own, so request handling
// never waits for a report; a failed pass is logged and retried at the next one; the
// destructor waits for the day being written. Without [reports] it does nothing.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "controller/config/site_config.h"

namespace guichet::daemon {

// The days written by this pass (it stops between two days when `stop` is requested).
std::vector<std::string> write_due_reports(const config::SiteConfig& site, engine::Time now,
                                           const std::stop_token& stop = {});

class DailyReportWriter {
  public:
    DailyReportWriter(const config::SiteConfig& site, std::function<engine::Time()> now,
                      std::chrono::milliseconds every = std::chrono::seconds(1));

  private:
    std::jthread thread_;  // stopped and joined on destruction
};

}  // namespace guichet::daemon
