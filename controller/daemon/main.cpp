// guichet-controller: the site controller process.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "controller/config/site_config.h"
#include "controller/config/site_time.h"
#include "controller/daemon/controller_daemon.h"

namespace {

std::atomic<bool> stop_requested{false};

void on_signal(int) {
    stop_requested = true;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Guichet site controller: runs the queues of one site over MQTT"};
    std::string config_path;
    bool check_only = false;
    std::string start;
    double speed = 1.0;
    app.add_option("--config", config_path, "site configuration (TOML)")->required();
    app.add_flag("--check", check_only, "validate the configuration and exit");
    app.add_option("--start", start,
                   "run on a virtual clock starting at this local time (YYYY-MM-DDTHH:MM), "
                   "for demos and accelerated tests");
    app.add_option("--speed", speed, "virtual clock speed (with --start)")
        ->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);

    // Logs go to stderr (stdout is spdlog's default), each line flushed: a SIGKILL loses none.
    spdlog::set_default_logger(spdlog::stderr_color_mt("guichet-controller"));
    spdlog::flush_on(spdlog::level::trace);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    auto loaded = guichet::config::load_site_config(config_path);
    if (auto* err = std::get_if<guichet::config::ConfigError>(&loaded)) {
        std::cerr << "configuration refusée : " << err->message() << "\n";
        return 2;
    }
    const auto& site = std::get<guichet::config::SiteConfig>(loaded);
    if (check_only) {
        std::cout << config_path << ": OK (" << site.services.size() << " services, "
                  << site.counters.size() << " counters, " << site.devices.size() << " devices)\n";
        return 0;
    }

    guichet::daemon::SiteClock clock;
    if (!start.empty()) {
        auto t =
            guichet::daemon::parse_local_time(guichet::config::find_zone(site.timezone), start);
        if (!t) {
            std::cerr << "--start: expected a local time like 2026-11-24T08:30\n";
            return 2;
        }
        clock = guichet::daemon::SiteClock(*t, speed);
    }

    guichet::daemon::DaemonOptions options;
    if (const char* fault = std::getenv("GUICHET_FAULT")) {
        // Test-only (tests/printer/dispenser_integration_test.cpp): see DaemonOptions.
        const std::string f = fault;
        const std::string name = "exit_after_commit";
        int n = 1;
        const bool counted = f.size() > name.size() + 1 && f[name.size()] == ':';
        const char* digits = f.data() + name.size() + 1;
        if (f.rfind(name, 0) != 0 || (f != name && !counted) ||
            (counted &&
             (std::from_chars(digits, f.data() + f.size(), n).ptr != f.data() + f.size() ||
              n < 1))) {
            std::cerr << "GUICHET_FAULT: expected exit_after_commit[:N]\n";
            return 2;
        }
        options.exit_after_commits = n;
        spdlog::warn("test fault armed: exit after durable batch {}", options.exit_after_commits);
    }

    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    try {
        guichet::daemon::run_controller(site, clock, options, stop_requested);
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
    return 0;
}
