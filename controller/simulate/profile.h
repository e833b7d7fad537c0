// A synthetic visitor population for the simulator (TOML; see
// hardware/profiles-visitors/ and docs/regulation.md).
//
// Contract: parse_profile() returns a complete Profile or an error naming the
// line and reason. Rates are visitors per hour for each weekday (0 = Sunday)
// and local hour; a weekday that is not given brings nobody.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace guichet::simulate {

struct ServiceProfile {
    std::string id;
    double mean_s = 480;  // true mean service time (the config's mean is only the prior)
    double cv = 0.9;      // lognormal coefficient of variation
    std::array<std::array<double, 24>, 7> per_hour{};  // [weekday][hour] visitors per hour
};

struct CounterProfile {
    std::string id;
    double speed = 1.0;               // time factor: 1.2 = this agent takes 20 % longer
    std::optional<int> break_at_min;  // local minute of the day the break starts
    int break_min = 0;
};

struct Profile {
    double patience_mean_s = 3600;  // exponential patience; leavers show up as no-shows
    double no_show_share = 0.04;    // visitors who will not answer the call anyway
    double no_show_delay_s = 90;    // time a counter loses calling someone who is not there
    double priority_share = 0.02;
    double balk_over_s = 3600;  // printed estimate above which some visitors do not take a ticket
    double balk_share = 0.3;
    std::vector<ServiceProfile> services;
    std::vector<CounterProfile> counters;  // empty = every configured counter, speed 1, no break
};

std::variant<Profile, std::string> parse_profile(std::string_view text);

}  // namespace guichet::simulate
