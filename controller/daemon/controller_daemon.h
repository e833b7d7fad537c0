// The site controller process: MQTT <-> SiteController <-> event log.
//
// Contract: run() replays the log, connects to the broker (reconnecting for
// ever), and serves requests until `stop` becomes true. Requests that arrive
// together are handled as one batch and committed in one transaction (group
// commit); no reply leaves before its batch is durable. Board and counter
// views are republished (retained) after every change, on every
// (re)connection and every `refresh` (waits grow with time). Alerts
// (site_alerts.h) are evaluated with every board and every `alerts_every`,
// and on any change of a dispenser's status or telemetry; they are logged,
// then published on event/alert. If the log cannot be written, run() throws:
// the caller exits and a restart replays it.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "controller/config/site_config.h"
#include "controller/daemon/site_clock.h"

namespace guichet::daemon {

inline constexpr int kFaultExit = 86;  // exit status of the test-only fault

struct DaemonOptions {
    std::string version = "0.1.0";
    std::chrono::milliseconds refresh{std::chrono::seconds(30)};
    // The board is republished at most this often (calls themselves go out at once on
    // event/call, and counter views at once): its estimates cost a predictor run per service.
    std::chrono::milliseconds board_every{250};
    std::size_t max_batch = 512;
    // Alerts are evaluated with every board computed and at least this often.
    std::chrono::milliseconds alerts_every{std::chrono::seconds(5)};
    // Test-only fault (GUICHET_FAULT=exit_after_commit[:N], main.cpp): _exit(kFaultExit)
    // right after the N-th batch of requests is durable, before its replies are sent. 0: never.
    int exit_after_commits = 0;
};

void run_controller(const config::SiteConfig& site, const SiteClock& clock,
                    const DaemonOptions& options, const std::atomic<bool>& stop);

}  // namespace guichet::daemon
