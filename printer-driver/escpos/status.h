// Real-time printer status: the DLE EOT n requests and their one-byte replies.
//
// Contract: apply_status_byte() folds the reply to DLE EOT n (n = 1, 2, 4)
// into a PrinterStatus and returns false, leaving it untouched, when the
// byte is not a valid reply (its fixed bits 1 and 4 set, 0 and 7 clear).
// The meaning of each bit is Epson's ESC/POS one, which the clones follow.
#pragma once

#include <cstdint>
#include <string>

namespace guichet::escpos {

enum class StatusRequest : std::uint8_t {
    printer = 1,        // online/offline
    offline_cause = 2,  // cover open, paper end stop, error
    paper_sensor = 4,   // roll paper near end / out
};

struct PrinterStatus {
    bool online = true;
    bool cover_open = false;
    bool paper_near_end = false;
    bool paper_out = false;
    bool error = false;

    // "ok", "near_end" or "out", as in the telemetry payload.
    std::string paper() const;
    // The printer can print a ticket now.
    bool ready() const { return online && !cover_open && !paper_out && !error; }
    bool operator==(const PrinterStatus&) const = default;
};

// The three bytes of a DLE EOT n request.
std::string status_request(StatusRequest n);
bool apply_status_byte(StatusRequest n, std::uint8_t reply, PrinterStatus& status);

// A short sentence for people ("Plus de papier" / "Out of paper"); empty when ready.
std::string describe(const PrinterStatus& status, const std::string& lang);

}  // namespace guichet::escpos
