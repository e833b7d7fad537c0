// Shared by the printer tests: profiles from the repository, the sample ticket.
#pragma once

#include <string>

#include "printer-driver/profile/profile.h"
#include "printer-driver/ticket/ticket.h"

namespace guichet::printer::test {

// A profile from hardware/profiles/ by id.
Profile profile(const std::string& id);
// The ticket the golden files and the USB tests print.
TicketContent sample_ticket();

}  // namespace guichet::printer::test
