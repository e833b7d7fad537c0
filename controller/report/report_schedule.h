// When the controller writes a day's reports: once the site has closed for the day.
//
// Contract: pure over the site config and the tz database, time passed in. A day
// closes at the end of its last opening window over every service; a day with no
// window (a closure, a weekday without [[hours]]) and an always-open site close at
// the local midnight that ends the day. Its reports are due `[reports]
// after_closing_min` later, so that the last visitors served after closing are in.
#pragma once

#include <date/tz.h>

#include <functional>
#include <string>
#include <vector>

#include "controller/config/site_config.h"

namespace guichet::report {

// When the local day (YYYY-MM-DD) closes; throws std::invalid_argument on a malformed day.
engine::Time day_closes_at(const config::SiteConfig& site, const date::time_zone* zone,
                           const std::string& day);

// The days of `days` (those with events in the log, oldest first) whose reports are due at
// `now` and not yet `written`, oldest first.
std::vector<std::string> reports_due(const config::SiteConfig& site, const date::time_zone* zone,
                                     engine::Time now, const std::vector<std::string>& days,
                                     const std::function<bool(const std::string&)>& written);

}  // namespace guichet::report
