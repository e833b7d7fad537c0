// The site's local time: calendar day, ISO 8601 with the UTC offset, time zone lookup.
//
// Contract: every function is pure over the system tz database (tzdata, read by the
// howardhinnant date library; g++ 12's <chrono> has no time zones). The local day is the
// calendar date at the site, so the days when clocks change (23 h and 25 h long in
// Europe/Paris) are handled by the zone rules, never by adding fixed offsets.
#pragma once

#include <string>

#include <date/tz.h>

#include "controller/engine/engine.h"

namespace guichet::config {

// The engine's clock for `now` at the site: `now` and the local calendar date.
engine::Clock site_clock(const date::time_zone* zone, engine::Time now);

// "2026-03-29T03:00:00+02:00": local time with the offset in force at `t`.
std::string format_local_iso(const date::time_zone* zone, engine::Time t);

// "2026-03-29": the local calendar date of `t`.
std::string format_local_date(const date::time_zone* zone, engine::Time t);

// The zone named `name` ("Europe/Paris"), or nullptr when the tz database has no such zone.
const date::time_zone* find_zone(const std::string& name);

}  // namespace guichet::config
