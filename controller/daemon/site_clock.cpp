#include "controller/daemon/site_clock.h"

#include <sstream>

namespace guichet::daemon {

SiteClock::SiteClock(engine::Time start, double speed) : start_(start), speed_(speed) {}

engine::Time SiteClock::now() const {
    if (!start_)
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_);
    return *start_ + std::chrono::seconds(static_cast<std::int64_t>(elapsed.count() * speed_));
}

std::optional<engine::Time> parse_local_time(const date::time_zone* zone, const std::string& text) {
    std::istringstream in(text);
    date::local_seconds local;
    in >> date::parse(text.size() > 16 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M", local);
    if (in.fail()) return std::nullopt;
    return date::floor<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
}

}  // namespace guichet::daemon
