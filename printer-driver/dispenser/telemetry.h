// A dispenser's printer telemetry, retained on dev/<device>/telemetry.
//
// Contract: publish() sends the payload when it differs from the last one
// the broker accepted, and again after each reconnection (the broker may
// have lost its retained copy). on_connection() may be called from the
// link's thread. Thread-safe.
// PrinterWatch reads the printer of a DispenserCore every `every` on a thread
// of its own, and at once on publish_now() (after a ticket), and publishes
// what it reads; the publisher and the core must outlive it. Its destructor
// stops and joins the thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "printer-driver/dispenser/dispenser_core.h"
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

class PrinterWatch {
  public:
    PrinterWatch(TelemetryPublisher& publisher, DispenserCore& core, std::chrono::seconds every);
    ~PrinterWatch();
    PrinterWatch(const PrinterWatch&) = delete;
    PrinterWatch& operator=(const PrinterWatch&) = delete;

    void publish_now();

  private:
    TelemetryPublisher& publisher_;
    DispenserCore& core_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace guichet::printer
