// "Take a ticket and print it": the dispenser's logic, without MQTT or I/O of
// its own, shared by guichet-dispenser (buttons) and the kiosk screen.
//
// Contract: take_ticket() first asks the printer whether it can print; if it
// cannot (paper out, cover open, offline) it refuses without asking the
// controller, so no number is consumed. Otherwise it sends ticket.take (the
// Controller retries with the same id), prints the ticket, then reports
// ticket.printed ok or failed (a failed print cancels the ticket on the
// controller side). Every outcome carries what to tell the visitor, in
// French and English. Thread-safe: one ticket at a time.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "printer-driver/dispenser/ticket_printer.h"
#include "printer-driver/escpos/encoder.h"
#include "printer-driver/profile/profile.h"
#include "protocol/messages.h"

namespace guichet::printer {

// The controller as a dispenser sees it (DeviceClient in production).
class Controller {
  public:
    virtual ~Controller() = default;
    virtual std::string next_id() = 0;
    // nullopt when no reply came in time.
    virtual std::optional<protocol::Reply> request(const protocol::Request& request) = 0;
};

struct ServiceLabel {
    std::string service;
    std::string fr;
    std::string en;
};

struct DispenserSettings {
    Profile profile;
    std::string site_name;
    std::vector<std::string> footer_lines;
    std::optional<std::string> qr;
    std::optional<escpos::MonoImage> logo;
    std::vector<ServiceLabel> services;
};

enum class TakeOutcome {
    printed,
    printer_not_ready,  // refused before asking for a number
    refused,            // the controller said no (closed, cut-off, full, ...)
    no_reply,           // the controller did not answer in time
    print_failed,       // a number was issued, then cancelled
};

struct TakeResult {
    TakeOutcome outcome = TakeOutcome::printed;
    std::optional<protocol::TicketView> ticket;
    std::optional<std::string> error_code;  // the controller's, when refused
    std::string french;                     // what the visitor is told
    std::string english;
};

// "2026-11-23T10:42:05+01:00" -> "lundi 23 novembre 2026 à 10:42" /
// "Monday 23 November 2026, 10:42"; anything unparsable is returned as is.
std::string format_issued_at(const std::string& iso, const std::string& lang);

class DispenserCore {
  public:
    DispenserCore(DispenserSettings settings, Controller& controller, TicketPrinter& printer);

    TakeResult take_ticket(const std::string& service, const std::string& lang,
                           bool priority = false);
    // Asks the printer; what to publish as dev/<id>/telemetry.
    protocol::PrinterTelemetry check_printer();
    // The service names printed on tickets, replaced while running (a kiosk
    // learns them from state/board); never waits for a ticket being printed.
    void set_service_labels(std::vector<ServiceLabel> labels);

  private:
    std::optional<escpos::PrinterStatus> printer_status();
    void report_printed(const std::string& number, const std::optional<std::string>& error);
    std::optional<ServiceLabel> label(const std::string& service) const;

    std::mutex mutex_;
    mutable std::mutex labels_mutex_;  // settings_.services only
    DispenserSettings settings_;
    Controller& controller_;
    TicketPrinter& printer_;
};

}  // namespace guichet::printer
