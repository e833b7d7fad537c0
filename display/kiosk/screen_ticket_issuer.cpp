#include "display/kiosk/screen_ticket_issuer.h"

namespace guichet::display::kiosk {

IssueOutcome ScreenTicketIssuer::issue(const protocol::TicketTake& take) {
    IssueOutcome outcome;
    const auto reply = client_.request({client_.next_id(), take});
    if (!reply) return outcome;
    if (!reply->ok) {
        outcome.error = reply->error;
        outcome.advice = reply->advice;
        return outcome;
    }
    outcome.ticket = reply->ticket;
    if (!outcome.ticket) return outcome;
    const auto printed = client_.request(
        {client_.next_id(), protocol::TicketPrinted{outcome.ticket->number, true, {}}});
    outcome.delivered = printed && printed->ok;
    return outcome;
}

}  // namespace guichet::display::kiosk
