// A small fixed day at a two-counter site, written through EventStore::append, whose
// figures are computed by hand in daily_test.cpp (see the comments there).
#pragma once

#include <date/tz.h>

#include <string>

#include "controller/config/site_config.h"
#include "controller/store/event_store.h"

namespace guichet::test {

// etat-civil (A, target 20 min, mean 5 min) and titres (B, target 20 min, mean 10 min);
// counter 1 serves A, counter 2 serves A and B; open every day 08:30-17:00.
config::SiteConfig fixture_site();
const char* fixture_site_toml();  // the same site as a site.toml text
inline constexpr const char* kFixtureDay = "2026-11-23";

// Builds one entry per event or note, at site-local times, into a store.
class LogWriter {
  public:
    LogWriter(store::EventStore& store, const date::time_zone* zone, std::string day);
    engine::Time at(int hour, int minute, int second = 0) const;  // local time of the day

    void event(engine::Event e);
    void note(engine::Time at, const std::string& type, nlohmann::json data);
    void refusal(engine::Time at, const std::string& op, const std::string& code);
    // A ticket taken at a dispenser, with the estimate printed on it when given.
    void issue(const std::string& number, const std::string& service, engine::Time at,
               std::optional<int> estimate = std::nullopt);

  private:
    store::EventStore& store_;
    const date::time_zone* zone_;
    std::string day_;
    int next_id_ = 0;
};

// The day of daily_test.cpp's hand computation, on kFixtureDay.
void write_fixture_day(store::EventStore& store, const std::string& day = kFixtureDay);

}  // namespace guichet::test
