// When a service is open, from the site's [[hours]] and [[closure]] tables.
//
// Contract: pure over the config and the tz database. A site with no
// [[hours]] is always open. A closure day closes every service all day.
#pragma once

#include <date/tz.h>

#include <optional>
#include <string>

#include "controller/config/site_config.h"

namespace guichet::config {

struct OpeningWindow {
    engine::Time open;
    engine::Time close;
};

// Today's opening window of `service` at `now` (the site-local day of `now`);
// nullopt when the service does not open that day. For an always-open site
// the window is the whole local day.
std::optional<OpeningWindow> opening_today(const SiteConfig& site, const date::time_zone* zone,
                                           const std::string& service, engine::Time now);

bool is_open(const SiteConfig& site, const date::time_zone* zone, const std::string& service,
             engine::Time now);

// When `service` next opens after `now` (today later, or one of the next 14 days); nullopt for
// an always-open site or when it does not open in that time.
std::optional<engine::Time> next_opening(const SiteConfig& site, const date::time_zone* zone,
                                         const std::string& service, engine::Time now);

// "8 h 30 – 17 h 00" / "8:30 am – 5:00 pm" style text for the board; nullopt if closed all day.
std::optional<Text> hours_text_today(const SiteConfig& site, const date::time_zone* zone,
                                     engine::Time now);

// The closure reason when today is a closure day.
const ClosureDay* closure_today(const SiteConfig& site, const date::time_zone* zone,
                                engine::Time now);

}  // namespace guichet::config
