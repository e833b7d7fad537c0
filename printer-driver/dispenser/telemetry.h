// A dispenser's printer telemetry, retained on dev/<device>/telemetry.
//
// Contract: publish() sends the payload when it differs from the last one
// the broker accepted, and again after each reconnection (the broker may
// have lost its retained copy). on_connection() may be called from the
// link's thread. Thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "protocol/device_client.h"
#include "protocol/messages.h"

namespace guichet::printer {

class TelemetryPublisher {
  public:
    TelemetryPublisher(protocol::DeviceClient& client, std::string device);
    // True when the broker has this telemetry (sent now or before).
    bool publish(const protocol::PrinterTelemetry& telemetry);
    void on_connection(bool connected);

  private:
    protocol::DeviceClient& client_;
    std::string topic_;
    std::mutex mutex_;
    std::string last_;
    std::atomic<bool> reconnected_{true};
};

}  // namespace guichet::printer
