// A private mosquitto for one test: started on a free loopback port with a
// generated config, stopped (SIGTERM, then SIGKILL) on destruction.
//
// Contract: never uses port 1883 or the system service. When `config_dir`
// holds files written by `guichet mosquitto-config` (mosquitto.conf with
// password_file and acl_file), they are used; otherwise anonymous access is
// allowed. The broker runs as the current user ("user" set in the config).
#pragma once

#include <sys/types.h>
#include <string>

#include "tests/support/temp_dir.h"

namespace guichet::test {

int free_loopback_port();

class Broker {
  public:
    // auth_dir: a folder with passwd and acl files (from `guichet mosquitto-config`), or "".
    explicit Broker(const std::string& auth_dir = "");
    ~Broker();
    Broker(const Broker&) = delete;
    Broker& operator=(const Broker&) = delete;

    int port() const { return port_; }
    std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

    void stop();     // SIGTERM and wait
    void restart();  // start again on the same port (retained messages are not persisted)

  private:
    void start();
    TempDir dir_;
    std::string auth_dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace guichet::test
