#include "printer-driver/dispenser/telemetry.h"

#include "protocol/codec.h"

namespace guichet::printer {

TelemetryPublisher::TelemetryPublisher(protocol::DeviceClient& client, std::string device)
    : client_(client), topic_(client.topics().device_telemetry(device)) {}

bool TelemetryPublisher::publish(const protocol::PrinterTelemetry& telemetry) {
    const std::string payload = protocol::encode_printer_telemetry(telemetry);
    std::lock_guard lock(mutex_);
    if (reconnected_.exchange(false)) last_.clear();
    if (payload == last_) return true;
    if (!client_.link().publish(topic_, payload, true)) return false;
    last_ = payload;
    return true;
}

void TelemetryPublisher::on_connection(bool connected) {
    if (connected) reconnected_ = true;
}

PrinterWatch::PrinterWatch(TelemetryPublisher& publisher, DispenserCore& core,
                           std::chrono::seconds every)
    : publisher_(publisher), core_(core), thread_([this, every] {
          std::unique_lock lock(mutex_);
          while (!stop_) {
              lock.unlock();
              publish_now();
              lock.lock();
              wake_.wait_for(lock, every, [this] { return stop_; });
          }
      }) {}

PrinterWatch::~PrinterWatch() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void PrinterWatch::publish_now() {
    publisher_.publish(core_.check_printer());
}

}  // namespace guichet::printer
