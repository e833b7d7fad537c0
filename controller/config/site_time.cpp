#include "controller/config/site_time.h"

#include <stdexcept>

namespace guichet::config {

engine::Clock site_clock(const date::time_zone* zone, engine::Time now) {
    const auto local_day = date::floor<date::days>(zone->to_local(now));
    // Same count of days since 1970-01-01, read as a plain calendar date.
    return engine::Clock{now, engine::LocalDay{local_day.time_since_epoch()}};
}

std::string format_local_iso(const date::time_zone* zone, engine::Time t) {
    return date::format("%FT%T%Ez", date::make_zoned(zone, t));
}

std::string format_local_date(const date::time_zone* zone, engine::Time t) {
    return date::format("%F", date::make_zoned(zone, t));
}

const date::time_zone* find_zone(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

}  // namespace guichet::config
