// TicketIssuer for a kiosk without a printer: the screen is the ticket.
//
// Contract: sends ticket.take through the DeviceClient (retried with the same
// id until answered or given up), then confirms with ticket.printed ok=true,
// since the visitor reads the number on the confirmation screen. Kiosks with
// a thermal printer use the dispenser's issuer from printer-driver/ instead.
#pragma once

#include "display/kiosk/ticket_issuer.h"
#include "protocol/device_client.h"

namespace guichet::display::kiosk {

class ScreenTicketIssuer : public TicketIssuer {
  public:
    explicit ScreenTicketIssuer(protocol::DeviceClient& client) : client_(client) {}
    IssueOutcome issue(const protocol::TicketTake& take) override;

  private:
    protocol::DeviceClient& client_;
};

}  // namespace guichet::display::kiosk
