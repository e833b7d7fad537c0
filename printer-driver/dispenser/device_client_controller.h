// The controller as a dispenser sees it, over a device's own broker link:
// the production Controller of DispenserCore (guichet-dispenser, kiosks with
// a printer).
//
// Contract: forwards to DeviceClient, which retries a request with the same
// id until answered or given up. Does not own the client.
#pragma once

#include "printer-driver/dispenser/dispenser_core.h"
#include "protocol/device_client.h"

namespace guichet::printer {

class DeviceClientController : public Controller {
  public:
    explicit DeviceClientController(protocol::DeviceClient& client) : client_(client) {}
    std::string next_id() override { return client_.next_id(); }
    std::optional<protocol::Reply> request(const protocol::Request& request) override {
        return client_.request(request);
    }

  private:
    protocol::DeviceClient& client_;
};

}  // namespace guichet::printer
