// The site controller process: MQTT <-> SiteController <-> event log.
//
// Contract: run() replays the log, connects to the broker (reconnecting for
// ever), and serves requests until `stop` becomes true. Requests that arrive
// together are handled as one batch and committed in one transaction (group
// commit); no reply leaves before its batch is durable. Board and counter
// views are republished (retained) after every change, on every
// (re)connection and every `refresh` (waits grow with time). If the log
// cannot be written, run() throws: the caller exits and a restart replays it.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "controller/config/site_config.h"
#include "controller/daemon/site_clock.h"

namespace guichet::daemon {

struct DaemonOptions {
    std::string version = "0.1.0";
    std::chrono::milliseconds refresh{std::chrono::seconds(30)};
    // The board is republished at most this often (calls themselves go out at once on
    // event/call, and counter views at once): its estimates cost a predictor run per service.
    std::chrono::milliseconds board_every{250};
    std::size_t max_batch = 512;
};

void run_controller(const config::SiteConfig& site, const SiteClock& clock,
                    const DaemonOptions& options, const std::atomic<bool>& stop);

}  // namespace guichet::daemon
