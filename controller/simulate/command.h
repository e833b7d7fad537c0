// `guichet simulate`: the file side of the simulator (the lead's CLI parses the
// flags and calls run_simulate).
//
// Contract: reads the site config and the visitor profile, simulates, writes
// DIR/tickets.csv and prints a short summary. Returns the process exit code
// (0 ok, 1 bad input, 2 cannot write); messages go to `err`.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "controller/simulate/simulator.h"

namespace guichet::simulate {

struct SimulateArgs {
    std::string config_path;
    std::string profile_path;
    std::string out_dir;
    int days = 1;
    std::uint64_t seed = 1;
    bool regulation = true;
    int estimate_runs = Options{}.estimate_runs;     // 0: estimates in expected values (fast)
    std::optional<std::chrono::sys_days> first_day;  // default: Options' first day
};

int run_simulate(const SimulateArgs& args, std::ostream& out, std::ostream& err,
                 const EventSink& sink = {});

}  // namespace guichet::simulate
