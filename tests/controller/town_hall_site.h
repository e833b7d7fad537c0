// The town hall of hardware/sites/mairie-11.toml as the controller loads it,
// and a Monday morning there: for tests of the controller's daemon side.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>

#include "controller/config/site_config.h"
#include "controller/engine/engine.h"

namespace guichet::test {

// Monday 23 November 2026, 09:00 in Paris (UTC+1).
inline const engine::Time kMonday9h{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} +
                                    std::chrono::hours(8)};

inline config::SiteConfig town_hall_site() {
    auto r = config::load_site_config(GUICHET_SOURCE_DIR "/hardware/sites/mairie-11.toml");
    REQUIRE(std::holds_alternative<config::SiteConfig>(r));
    return std::get<config::SiteConfig>(r);
}

}  // namespace guichet::test
