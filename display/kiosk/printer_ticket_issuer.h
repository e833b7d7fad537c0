// TicketIssuer for a kiosk with a thermal printer on the same box: the
// dispenser logic of printer-driver/ (DispenserCore) takes the ticket, prints
// it and confirms it.
//
// Contract: issue() refuses at once when the printer says it cannot print (no
// number consumed), else sends ticket.take, prints, and reports
// ticket.printed ok, or failed (the controller then cancels the ticket and
// the outcome has the ticket with delivered = false: the kiosk tells the
// visitor to ask at the reception desk). The service names printed are the
// board's (on_services). Like a dispenser, it publishes its printer's
// telemetry (paper, cover) retained on dev/<device>/telemetry, every 5 s and
// after each ticket, so the manager is alerted when paper runs out. Built
// from the kiosk's [printer] settings by
// make_printer_issuer(), which throws a std::exception naming what is wrong
// (unknown profile, bad printer spec, unreadable logo).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "display/kiosk/ticket_issuer.h"
#include "protocol/device_client.h"

namespace guichet::display::kiosk {

// The [printer] table of a kiosk's display.toml.
struct PrinterSettings {
    std::string printer = "usb";  // usb | file:PATH | virtual:DIR
    std::string profile;          // a hardware/profiles/*.toml id
    std::filesystem::path profiles_dir;
    std::string site_name;
    std::vector<std::string> footer;
    std::optional<std::string> qr;
    std::optional<std::filesystem::path> logo;
};

std::unique_ptr<TicketIssuer> make_printer_issuer(const PrinterSettings& settings,
                                                  protocol::DeviceClient& client,
                                                  const std::string& device);

}  // namespace guichet::display::kiosk
