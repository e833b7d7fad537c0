#include "printer-driver/dispenser/dispenser_core.h"

#include <chrono>
#include <cstdio>

#include "printer-driver/ticket/ticket.h"

namespace guichet::printer {
namespace {

constexpr const char* kDaysFr[] = {"dimanche", "lundi",    "mardi", "mercredi",
                                   "jeudi",    "vendredi", "samedi"};
constexpr const char* kDaysEn[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                   "Thursday", "Friday", "Saturday"};
constexpr const char* kMonthsFr[] = {"janvier",   "février", "mars",     "avril",
                                     "mai",       "juin",    "juillet",  "août",
                                     "septembre", "octobre", "novembre", "décembre"};
constexpr const char* kMonthsEn[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

TakeResult tell(TakeOutcome outcome, std::string french, std::string english) {
    TakeResult r;
    r.outcome = outcome;
    r.french = std::move(french);
    r.english = std::move(english);
    return r;
}

}  // namespace

std::string format_issued_at(const std::string& iso, const std::string& lang) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) return iso;
    const std::chrono::year_month_day date{std::chrono::year{y},
                                           std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59) return iso;
    const unsigned weekday = std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding();
    char time[8];
    std::snprintf(time, sizeof time, "%02d:%02d", h, mi);
    if (lang == "en") {
        return std::string(kDaysEn[weekday]) + " " + std::to_string(d) + " " + kMonthsEn[mo - 1] +
               " " + std::to_string(y) + ", " + time;
    }
    return std::string(kDaysFr[weekday]) + " " + (d == 1 ? "1er" : std::to_string(d)) + " " +
           kMonthsFr[mo - 1] + " " + std::to_string(y) + " à " + time;
}

DispenserCore::DispenserCore(DispenserSettings settings, Controller& controller,
                             TicketPrinter& printer)
    : settings_(std::move(settings)), controller_(controller), printer_(printer) {}

std::optional<ServiceLabel> DispenserCore::label(const std::string& service) const {
    std::lock_guard lock(labels_mutex_);
    for (const auto& s : settings_.services) {
        if (s.service == service) return s;
    }
    return std::nullopt;
}

void DispenserCore::set_service_labels(std::vector<ServiceLabel> labels) {
    std::lock_guard lock(labels_mutex_);
    settings_.services = std::move(labels);
}

std::optional<escpos::PrinterStatus> DispenserCore::printer_status() {
    return printer_.status();
}

TakeResult DispenserCore::take_ticket(const std::string& service, const std::string& lang,
                                      bool priority) {
    std::lock_guard lock(mutex_);
    if (const auto status = printer_status(); status && !status->ready()) {
        return tell(TakeOutcome::printer_not_ready,
                    escpos::describe(*status, "fr") +
                        " : aucun ticket ne peut être délivré, adressez-vous à l'accueil.",
                    escpos::describe(*status, "en") +
                        ": no ticket can be issued, please ask at the reception desk.");
    }

    const auto reply = controller_.request(
        protocol::Request{controller_.next_id(), protocol::TicketTake{service, priority, lang}});
    if (!reply) {
        return tell(TakeOutcome::no_reply,
                    "Le service des tickets ne répond pas : réessayez dans un instant ou "
                    "adressez-vous à l'accueil.",
                    "The ticket service is not answering: try again in a moment or ask at the "
                    "reception desk.");
    }
    if (!reply->ok || !reply->ticket) {
        const std::string message = reply->error ? reply->error->message : "Aucun ticket délivré.";
        TakeResult r = tell(TakeOutcome::refused, message, message);
        if (reply->advice) {
            r.french += " " + *reply->advice;
            r.english += " " + *reply->advice;
        }
        if (reply->error) r.error_code = reply->error->code;
        return r;
    }

    const protocol::TicketView& ticket = *reply->ticket;
    TicketContent content;
    content.number = ticket.number;
    const auto names = label(ticket.service);
    content.service_fr = names ? names->fr : ticket.service;
    content.service_en = names ? names->en : ticket.service;
    content.ahead = ticket.ahead;
    content.estimated_wait_s = ticket.estimated_wait_s;
    content.return_at = ticket.return_at;
    content.issued_at = format_issued_at(ticket.issued_at, lang);
    content.site_name = settings_.site_name;
    content.footer_lines = settings_.footer_lines;
    content.logo = settings_.logo;
    content.qr = settings_.qr;
    content.lang = lang;

    try {
        printer_.print(render_ticket(content, settings_.profile));
    } catch (const PrintError& e) {
        report_printed(ticket.number, e.french());
        TakeResult r = tell(TakeOutcome::print_failed,
                            "Le ticket n'a pas pu être imprimé : adressez-vous à l'accueil.",
                            "The ticket could not be printed: please ask at the reception desk.");
        r.ticket = ticket;
        return r;
    }
    report_printed(ticket.number, std::nullopt);
    TakeResult r = tell(TakeOutcome::printed, "Votre ticket : " + ticket.number,
                        "Your ticket: " + ticket.number);
    r.ticket = ticket;
    return r;
}

void DispenserCore::report_printed(const std::string& number,
                                   const std::optional<std::string>& error) {
    // Retried with the same id by the Controller; if it never gets through the
    // controller still holds the ticket as issued, which is the safe side.
    controller_.request(protocol::Request{
        controller_.next_id(), protocol::TicketPrinted{number, !error.has_value(), error}});
}

protocol::PrinterTelemetry DispenserCore::check_printer() {
    std::lock_guard lock(mutex_);
    protocol::PrinterTelemetry t;
    if (const auto status = printer_status()) {
        t.paper = status->paper();
        t.cover = status->cover_open ? "open" : "closed";
        t.online = status->online && !status->error;
    }
    return t;
}

}  // namespace guichet::printer
