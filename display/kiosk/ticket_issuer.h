// The seam between the kiosk screen and whatever issues and prints tickets.
//
// Contract: issue() is called off the UI thread and may block (it waits for
// the controller's reply and for the printer). It returns the ticket and
// whether the visitor has it in hand (printed, or shown on screen on a kiosk
// without a printer), or the controller's refusal (code, sentence, advice),
// or neither when the controller did not answer in time. on_services() is
// called on the UI thread with the board's services whenever they change, and
// on_connection() with each change of the broker connection.
// PrinterTicketIssuer (printer_ticket_issuer.h) hands the ticket to the
// dispenser logic of printer-driver/: ticket.take, print, ticket.printed (a
// failed print cancels the ticket). ScreenTicketIssuer
// (screen_ticket_issuer.h) is the one for kiosks without a printer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocol/messages.h"

namespace guichet::display::kiosk {

struct IssueOutcome {
    std::optional<protocol::TicketView> ticket;
    bool delivered = false;                    // the visitor has the ticket (paper or screen)
    std::optional<protocol::ErrorBody> error;  // the controller refused
    std::optional<std::string> advice;         // what to do instead (cutoff, capacity_full)
};

class TicketIssuer {
  public:
    virtual ~TicketIssuer() = default;
    virtual IssueOutcome issue(const protocol::TicketTake& take) = 0;
    virtual void on_services(const std::vector<protocol::BoardService>&) {}
    virtual void on_connection(bool /*connected*/) {}
};

}  // namespace guichet::display::kiosk
