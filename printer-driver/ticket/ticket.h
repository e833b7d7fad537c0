// The visitor's ticket: its content and its ESC/POS layout for 58/80 mm paper.
//
// Contract: render_ticket() is pure: the same content and profile always give
// the same bytes (the golden files pin them down). Every text is UTF-8 and
// the date/time arrives already formatted in the site's local time. A ticket
// carries no personal data: there is no field for one. Lines longer than the
// profile's columns are word-wrapped; the QR code and logo are left out when
// the profile cannot print them; without a cutter the paper is fed for a
// tear-off.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "printer-driver/escpos/encoder.h"
#include "printer-driver/profile/profile.h"

namespace guichet::printer {

struct TicketContent {
    std::string number;      // "A042"
    std::string service_fr;  // "État civil"
    std::string service_en;  // "Civil status"
    int ahead = 0;           // people before this visitor
    std::optional<int> estimated_wait_s;
    std::optional<std::string> return_at;   // long wait: ISO local time the visitor may return by
    std::string issued_at;                  // local, e.g. "lundi 23 novembre 2026 à 10:42"
    std::string site_name;                  // "Mairie du 11e arrondissement"
    std::vector<std::string> footer_lines;  // QualiPARIS mediator, opening hours
    std::optional<escpos::MonoImage> logo;  // already scaled to the paper width
    std::optional<std::string> qr;          // e.g. the site's satisfaction survey URL
    std::string lang = "fr";                // "fr" or "en"
};

// "3 personnes avant vous" / "3 people ahead of you".
std::string ahead_sentence(int ahead, const std::string& lang);
// "Attente estimée : environ 15 min" / "Estimated wait: about 15 min".
std::string wait_sentence(int seconds, const std::string& lang);
// "Revenez vers 10 h 25 : vous gardez votre place." / "Come back around 10:25: you keep
// your place." from "2026-03-16T10:25:00+01:00";
// nullopt when the time cannot be read.
std::optional<std::string> return_sentence(const std::string& iso, const std::string& lang);
// Splits UTF-8 `text` into lines of at most `columns` characters, at spaces
// when possible.
std::vector<std::string> wrap(const std::string& text, int columns);

std::string render_ticket(const TicketContent& ticket, const Profile& profile);

}  // namespace guichet::printer
