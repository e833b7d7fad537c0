#include "tests/printer/printer_test_support.h"

#include <stdexcept>

namespace guichet::printer::test {

Profile profile(const std::string& id) {
    return load_profile(std::string(GUICHET_SOURCE_DIR) + "/hardware/profiles/" + id + ".toml");
}

TicketContent sample_ticket() {
    TicketContent t;
    t.number = "A042";
    t.service_fr = "État civil – actes de naissance, mariage et décès";
    t.service_en = "Civil status certificates";
    t.ahead = 3;
    t.estimated_wait_s = 14 * 60 + 20;
    t.issued_at = "lundi 23 novembre 2026 à 10:42";
    t.site_name = "Mairie du 11e arrondissement";
    t.footer_lines = {
        "Ouvert du lundi au vendredi de 8 h 30 à 17 h, le jeudi jusqu’à 19 h 30.",
        "Une réclamation ? Le Médiateur de la Ville de Paris : mediation.paris.fr",
        "QualiPARIS – nous régulons l’affluence et l’attente.",
    };
    t.qr = "https://www.paris.fr/qualiparis/satisfaction?site=mairie-11";
    return t;
}

}  // namespace guichet::printer::test
