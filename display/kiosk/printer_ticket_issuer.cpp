#include "display/kiosk/printer_ticket_issuer.h"

#include "printer-driver/dispenser/device_client_controller.h"
#include "printer-driver/dispenser/dispenser_config.h"
#include "printer-driver/dispenser/dispenser_core.h"
#include "printer-driver/dispenser/telemetry.h"
#include "printer-driver/dispenser/ticket_printer.h"

namespace guichet::display::kiosk {

namespace {

class PrinterTicketIssuer : public TicketIssuer {
  public:
    PrinterTicketIssuer(printer::DispenserSettings settings, protocol::DeviceClient& client,
                        const std::string& device, std::unique_ptr<printer::TicketPrinter> printer)
        : controller_(client),
          printer_(std::move(printer)),
          core_(settings, controller_, *printer_),
          publisher_(client, device),
          watch_(publisher_, core_, kCheckEvery) {}

    IssueOutcome issue(const protocol::TicketTake& take) override {
        const auto result = core_.take_ticket(take.service, take.lang, take.priority);
        watch_.publish_now();  // the paper this ticket used may have been the last
        IssueOutcome outcome;
        outcome.ticket = result.ticket;
        const std::string& said = take.lang == "en" ? result.english : result.french;
        switch (result.outcome) {
            case printer::TakeOutcome::printed:
                outcome.delivered = true;
                break;
            case printer::TakeOutcome::printer_not_ready:
                outcome.error = protocol::ErrorBody{"printer_not_ready", said};
                break;
            case printer::TakeOutcome::refused:
                outcome.error = protocol::ErrorBody{result.error_code.value_or("refused"), said};
                break;
            case printer::TakeOutcome::no_reply:
            case printer::TakeOutcome::print_failed:
                break;  // the kiosk's own words: not answering / ask at the reception desk
        }
        return outcome;
    }

    void on_services(const std::vector<protocol::BoardService>& services) override {
        std::vector<printer::ServiceLabel> labels;
        for (const auto& s : services) labels.push_back({s.id, s.label.fr, s.label.en});
        core_.set_service_labels(std::move(labels));
    }

    void on_connection(bool connected) override { publisher_.on_connection(connected); }

  private:
    // As a dispenser's default status_every_s: the manager hears of paper out within seconds.
    static constexpr std::chrono::seconds kCheckEvery{5};

    printer::DeviceClientController controller_;
    std::unique_ptr<printer::TicketPrinter> printer_;
    printer::DispenserCore core_;
    printer::TelemetryPublisher publisher_;
    printer::PrinterWatch watch_;
};

}  // namespace

std::unique_ptr<TicketIssuer> make_printer_issuer(const PrinterSettings& settings,
                                                  protocol::DeviceClient& client,
                                                  const std::string& device) {
    printer::DispenserSettings d =
        printer::printing_settings(settings.profiles_dir, settings.profile, settings.site_name,
                                   settings.footer, settings.qr, settings.logo);
    auto ticket_printer = printer::make_ticket_printer(settings.printer, d.profile);
    return std::make_unique<PrinterTicketIssuer>(std::move(d), client, device,
                                                 std::move(ticket_printer));
}

}  // namespace guichet::display::kiosk
