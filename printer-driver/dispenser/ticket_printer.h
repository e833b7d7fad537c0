// Where a dispenser's tickets go: a USB printer, a file, or PNG pictures.
//
// Contract: print() hands one whole ticket to the printer or throws
// PrintError with a French and an English sentence; status() says whether a
// ticket can be printed now (nullopt: the printer cannot tell, assume yes).
// make_ticket_printer() parses the --printer option: "usb", "file:PATH"
// (ESC/POS appended to PATH) or "virtual:DIR" (one PNG per ticket in DIR).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "printer-driver/escpos/status.h"
#include "printer-driver/profile/profile.h"

namespace guichet::printer {

class PrintError : public std::runtime_error {
  public:
    PrintError(std::string french, std::string english)
        : std::runtime_error(french + " / " + english),
          french_(std::move(french)),
          english_(std::move(english)) {}
    const std::string& french() const { return french_; }
    const std::string& english() const { return english_; }

  private:
    std::string french_;
    std::string english_;
};

class TicketPrinter {
  public:
    virtual ~TicketPrinter() = default;
    virtual void print(const std::string& escpos_bytes) = 0;
    virtual std::optional<escpos::PrinterStatus> status() = 0;
};

// Throws std::invalid_argument for an unknown kind.
std::unique_ptr<TicketPrinter> make_ticket_printer(const std::string& spec, const Profile& profile);

}  // namespace guichet::printer
