#include "printer-driver/escpos/status.h"

namespace guichet::escpos {

std::string PrinterStatus::paper() const {
    if (paper_out) return "out";
    if (paper_near_end) return "near_end";
    return "ok";
}

std::string status_request(StatusRequest n) {
    return std::string{'\x10', '\x04', static_cast<char>(n)};
}

bool apply_status_byte(StatusRequest n, std::uint8_t reply, PrinterStatus& status) {
    if ((reply & 0x93) != 0x12) return false;
    switch (n) {
        case StatusRequest::printer:
            status.online = (reply & 0x08) == 0;
            return true;
        case StatusRequest::offline_cause:
            status.cover_open = (reply & 0x04) != 0;
            status.error = (reply & 0x40) != 0;
            // Bit 5 "stopped by paper end" is also reported by DLE EOT 4.
            if (reply & 0x20) status.paper_out = true;
            return true;
        case StatusRequest::paper_sensor:
            status.paper_near_end = (reply & 0x0C) != 0;
            status.paper_out = (reply & 0x60) != 0;
            return true;
    }
    return false;
}

std::string describe(const PrinterStatus& s, const std::string& lang) {
    const bool fr = lang != "en";
    if (s.paper_out) return fr ? "Plus de papier dans l'imprimante" : "The printer is out of paper";
    if (s.cover_open)
        return fr ? "Le capot de l'imprimante est ouvert" : "The printer cover is open";
    if (s.error) return fr ? "L'imprimante signale une erreur" : "The printer reports an error";
    if (!s.online) return fr ? "L'imprimante est hors ligne" : "The printer is offline";
    return {};
}

}  // namespace guichet::escpos
