// The site configuration (one TOML file per site; hardware/sites/mairie-11.toml
// is a commented example of every table).
//
// Contract: load_site_config() either returns a complete, cross-checked
// SiteConfig or a ConfigError naming the file, line and reason. Nothing is
// half-configured: every reference (counter -> service, device -> counter,
// prefix uniqueness, time zone) is checked at load.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "controller/engine/engine.h"

namespace guichet::config {

struct Text {
    std::string fr;
    std::string en;
};

struct Hours {
    std::vector<int> weekdays;     // 0 = Sunday ... 6 = Saturday (date::weekday encoding)
    std::chrono::minutes open{0};  // since local midnight
    std::chrono::minutes close{0};
    std::vector<std::string> services;  // empty = every service
};

struct ClosureDay {
    std::string date;  // YYYY-MM-DD
    Text reason;
};

struct Service {
    std::string id;
    std::string prefix;
    Text label;
    std::chrono::seconds target_wait{std::chrono::minutes(20)};
    std::chrono::seconds mean_service{std::chrono::minutes(8)};
    std::chrono::seconds cutoff_margin{0};  // last ticket: estimated end + margin <= closing
    // Estimates above this get a return time on the ticket ("revenez vers 11 h 20"): the
    // service's return_after_min, else the site's; nullopt (the default) = never.
    std::optional<std::chrono::seconds> return_after;
    std::optional<int> daily_quota;  // tickets per local day; nullopt = not limited
};

struct Agent {
    std::string name;
    std::string function;
};

struct Counter {
    std::string id;
    std::string label;
    std::vector<std::string> services;
    engine::CallPolicy policy = engine::CallPolicy::balanced;
    std::optional<Agent> agent;
};

enum class Role { dispenser, kiosk, counter, display, sensor, survey };

struct Device {
    std::string id;
    Role role = Role::dispenser;
    std::vector<std::string> services;  // dispensers and kiosks: what they may issue (empty = all)
    std::string counter;                // counter devices
    std::string password;
};

struct Broker {
    std::string url = "tcp://127.0.0.1:1883";
    std::string username = "controller";
    std::string password;
};

// [reports]: the daily reports the controller writes once each day has closed.
struct Reports {
    std::string folder;  // empty: the controller writes none
    std::vector<std::string> formats{"html", "csv", "json"};
    std::chrono::minutes after_closing{30};  // after the end of the day's last opening
};

struct SiteConfig {
    std::string path;  // the file it was read from
    std::string id;
    std::string name;
    std::string timezone = "Europe/Paris";
    int capacity = 0;  // waiting-room places; 0 = not limited
    Broker broker;
    std::string store_path = "guichet.db";
    std::vector<Hours> hours;  // empty = always open
    std::vector<ClosureDay> closures;
    std::optional<Text> notice;
    std::vector<Service> services;
    std::vector<Counter> counters;
    std::vector<Device> devices;  // empty = any device id may do anything (development only)
    Reports reports;

    const Service* service(const std::string& id) const;
    const Counter* counter(const std::string& id) const;
    const Device* device(const std::string& id) const;
    engine::EngineConfig engine_config() const;
};

struct ConfigError {
    std::string file;
    int line = 0;  // 0 when the problem is not tied to a line
    std::string reason;
    std::string message() const;  // "site.toml:12: reason"
};

std::variant<SiteConfig, ConfigError> load_site_config(const std::string& path);
std::variant<SiteConfig, ConfigError> parse_site_config(std::string_view text,
                                                        const std::string& path);

std::string to_string(Role role);
std::optional<Role> role_from_string(std::string_view s);

}  // namespace guichet::config
