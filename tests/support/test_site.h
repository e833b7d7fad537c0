// A whole site for integration tests: a private mosquitto with the ACL and
// passwords written by `guichet mosquitto-config`, and a real
// guichet-controller process on tests/support/test-site.toml.
//
// Contract: everything runs on loopback in a temp dir removed at the end;
// the controller is stopped (SIGTERM, then SIGKILL) on destruction.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <string>
#include <vector>

#include "protocol/device_client.h"
#include "tests/support/broker.h"
#include "tests/support/temp_dir.h"

namespace guichet::test {

class TestSite {
  public:
    // extra_toml is appended to the site file (more [[device]] tables, ...).
    explicit TestSite(const std::string& extra_toml = "");
    ~TestSite();
    TestSite(const TestSite&) = delete;
    TestSite& operator=(const TestSite&) = delete;

    // Starts the controller and waits until it is connected to the broker.
    void start_controller(const std::vector<std::string>& extra_args = {});
    void kill_controller(int signal);  // sends `signal` and reaps the process
    int stop_controller();             // SIGTERM; returns the exit status

    pid_t controller_pid() const { return controller_; }
    const std::string& config_path() const { return config_path_; }
    std::string store_path() const { return (dir_ / "site.db").string(); }
    std::string auth_dir() const { return (dir_ / "broker").string(); }
    std::string controller_log() const;
    Broker& broker() { return *broker_; }

    // Options for a device declared in the site file (its password filled in).
    protocol::DeviceClientOptions device(const std::string& id) const;

    // Runs the `guichet` CLI with these arguments; returns its exit status, output in `out`.
    int cli(const std::vector<std::string>& args, std::string* out = nullptr) const;

  private:
    TempDir dir_;
    std::string config_path_;
    std::unique_ptr<Broker> broker_;
    pid_t controller_ = -1;
    std::size_t log_offset_ = 0;
};

}  // namespace guichet::test
