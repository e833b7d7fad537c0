// The dispenser's "take a ticket and print it" logic, with a scripted
// controller and an in-memory printer.
#include <catch2/catch.hpp>

#include "printer-driver/dispenser/dispenser_config.h"
#include "printer-driver/dispenser/dispenser_core.h"
#include "printer-driver/escpos/decoder.h"
#include "tests/printer/printer_test_support.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using namespace guichet::printer;

namespace {

class ScriptedController : public Controller {
  public:
    std::vector<protocol::Request> requests;
    std::optional<protocol::Reply> take_reply;

    std::string next_id() override { return "req-" + std::to_string(++ids_); }
    std::optional<protocol::Reply> request(const protocol::Request& request) override {
        requests.push_back(request);
        if (std::holds_alternative<protocol::TicketTake>(request.op)) {
            auto reply = take_reply;
            if (reply) reply->id = request.id;
            return reply;
        }
        return protocol::Reply{request.id, true, {}, {}, {}, {}};
    }

  private:
    int ids_ = 0;
};

class MemoryPrinter : public TicketPrinter {
  public:
    std::vector<std::string> tickets;
    std::optional<escpos::PrinterStatus> state = escpos::PrinterStatus{};
    bool jam = false;

    void print(const std::string& bytes) override {
        if (jam) throw PrintError("Bourrage papier", "Paper jam");
        tickets.push_back(bytes);
    }
    std::optional<escpos::PrinterStatus> status() override { return state; }
};

protocol::Reply ticket_reply() {
    protocol::TicketView t;
    t.number = "A042";
    t.service = "etat-civil";
    t.issued_at = "2026-11-23T10:42:05+01:00";
    t.state = "waiting";
    t.ahead = 3;
    t.estimated_wait_s = 900;
    protocol::Reply r;
    r.ok = true;
    r.ticket = t;
    return r;
}

DispenserSettings settings() {
    DispenserSettings s;
    s.profile = printer::test::profile("epson-tm-t20iii");
    s.site_name = "Mairie du 11e arrondissement";
    s.footer_lines = {"Le Médiateur de la Ville de Paris : mediation.paris.fr"};
    s.services = {{"etat-civil", "État civil", "Civil status"}};
    return s;
}

}  // namespace

TEST_CASE("A press asks for a ticket, prints the issued number and reports it printed") {
    ScriptedController controller;
    controller.take_reply = ticket_reply();
    MemoryPrinter printer;
    DispenserCore core(settings(), controller, printer);

    const auto result = core.take_ticket("etat-civil", "fr");
    CHECK(result.outcome == TakeOutcome::printed);
    CHECK(result.french == "Votre ticket : A042");
    REQUIRE(controller.requests.size() == 2);
    const auto& take = std::get<protocol::TicketTake>(controller.requests[0].op);
    CHECK(take.service == "etat-civil");
    CHECK(take.lang == "fr");
    const auto& printed = std::get<protocol::TicketPrinted>(controller.requests[1].op);
    CHECK(printed.number == "A042");
    CHECK(printed.ok);
    CHECK(controller.requests[0].id != controller.requests[1].id);

    REQUIRE(printer.tickets.size() == 1);
    const std::string text = escpos::decode(printer.tickets[0]).text();
    CHECK(text.find("A042") != std::string::npos);
    CHECK(text.find("État civil") != std::string::npos);
    CHECK(text.find("3 personnes avant vous") != std::string::npos);
    CHECK(text.find("Attente estimée : environ 15 min") != std::string::npos);
    CHECK(text.find("lundi 23 novembre 2026 à 10:42") != std::string::npos);
}

TEST_CASE("Out of paper, the dispenser refuses before asking for a number") {
    ScriptedController controller;
    controller.take_reply = ticket_reply();
    MemoryPrinter printer;
    printer.state->paper_out = true;
    DispenserCore core(settings(), controller, printer);

    const auto result = core.take_ticket("etat-civil", "fr");
    CHECK(result.outcome == TakeOutcome::printer_not_ready);
    CHECK(result.french.find("Plus de papier") != std::string::npos);
    CHECK(result.english.find("out of paper") != std::string::npos);
    CHECK(controller.requests.empty());  // no number consumed
    CHECK(printer.tickets.empty());
    CHECK(core.check_printer().paper == "out");
}

TEST_CASE(
    "A failed print is reported, which cancels the ticket, and the visitor is sent to reception") {
    ScriptedController controller;
    controller.take_reply = ticket_reply();
    MemoryPrinter printer;
    printer.jam = true;
    DispenserCore core(settings(), controller, printer);

    const auto result = core.take_ticket("etat-civil", "en");
    CHECK(result.outcome == TakeOutcome::print_failed);
    CHECK(result.english.find("reception desk") != std::string::npos);
    REQUIRE(controller.requests.size() == 2);
    const auto& printed = std::get<protocol::TicketPrinted>(controller.requests[1].op);
    CHECK(printed.number == "A042");
    CHECK_FALSE(printed.ok);
    CHECK(printed.error == std::optional<std::string>("Bourrage papier"));
}

TEST_CASE("A refusal from the controller is passed on with its code and advice, nothing printed") {
    ScriptedController controller;
    protocol::Reply refusal;
    refusal.ok = false;
    refusal.error = protocol::ErrorBody{"cutoff", "Le service ferme avant la fin de l'attente."};
    refusal.advice = "Revenez demain à partir de 8 h 30.";
    controller.take_reply = refusal;
    MemoryPrinter printer;
    DispenserCore core(settings(), controller, printer);

    const auto result = core.take_ticket("etat-civil", "fr");
    CHECK(result.outcome == TakeOutcome::refused);
    CHECK(result.error_code == std::optional<std::string>("cutoff"));
    CHECK(result.french ==
          "Le service ferme avant la fin de l'attente. Revenez demain à partir de 8 h 30.");
    CHECK(printer.tickets.empty());
    CHECK(controller.requests.size() == 1);
}

TEST_CASE("Without a reply from the controller nothing is printed") {
    ScriptedController controller;
    MemoryPrinter printer;
    DispenserCore core(settings(), controller, printer);
    const auto result = core.take_ticket("etat-civil", "fr");
    CHECK(result.outcome == TakeOutcome::no_reply);
    CHECK(printer.tickets.empty());
}

TEST_CASE("Printer telemetry says paper near end, cover open and offline") {
    ScriptedController controller;
    MemoryPrinter printer;
    DispenserCore core(settings(), controller, printer);
    CHECK(core.check_printer().paper == "ok");
    CHECK(core.check_printer().cover == "closed");
    CHECK(core.check_printer().online);
    printer.state->paper_near_end = true;
    printer.state->cover_open = true;
    printer.state->online = false;
    const auto t = core.check_printer();
    CHECK(t.paper == "near_end");
    CHECK(t.cover == "open");
    CHECK_FALSE(t.online);
    printer.state.reset();  // a file or virtual printer cannot tell: assume fine
    CHECK(core.check_printer().paper == "ok");
}

TEST_CASE("The issue time is written out in the visitor's language") {
    CHECK(format_issued_at("2026-11-23T10:42:05+01:00", "fr") == "lundi 23 novembre 2026 à 10:42");
    CHECK(format_issued_at("2026-03-01T08:30:00+01:00", "fr") == "dimanche 1er mars 2026 à 08:30");
    CHECK(format_issued_at("2026-11-23T10:42:05+01:00", "en") == "Monday 23 November 2026, 10:42");
    CHECK(format_issued_at("soon", "fr") == "soon");
    CHECK(format_issued_at("2026-02-30T10:00:00+01:00", "fr") == "2026-02-30T10:00:00+01:00");
}

TEST_CASE("The example dispenser config loads, with its buttons and keys") {
    const auto c = load_dispenser_config(std::string(GUICHET_SOURCE_DIR) +
                                         "/printer-driver/dispenser/dispenser.example.toml");
    CHECK(c.site == "mairie-11");
    CHECK(c.device == "borne-entree");
    CHECK(c.profile == "epson-tm-t20iii");
    CHECK(load_profile(c.profiles_dir / "epson-tm-t20iii.toml").id == "epson-tm-t20iii");
    REQUIRE(c.buttons.size() == 3);
    CHECK(c.buttons[0].key_code == key_code("KEY_1"));
    CHECK(c.buttons[0].line == "1");
    CHECK(c.buttons[2].lang == "en");
    CHECK(c.footer.size() == 2);
}

TEST_CASE(
    "Printing settings take the named profile, the ticket texts and the logo scaled to the paper") {
    const std::filesystem::path profiles = std::string(GUICHET_SOURCE_DIR) + "/hardware/profiles";
    const auto s = printing_settings(
        profiles, "epson-tm-t20iii", "Mairie du 11e", {"Bonne journée"}, "https://paris.fr",
        std::string(GUICHET_SOURCE_DIR) + "/tests/display/reference/board_portrait.png");
    CHECK(s.profile.id == "epson-tm-t20iii");
    CHECK(s.site_name == "Mairie du 11e");
    CHECK(s.footer_lines == std::vector<std::string>{"Bonne journée"});
    CHECK(s.qr == "https://paris.fr");
    REQUIRE(s.logo);
    CHECK(s.logo->width <= s.profile.width_dots);
    CHECK(s.services.empty());
    CHECK_THROWS_WITH(
        printing_settings(profiles, "epson-tm-t99", "", {}, std::nullopt, std::nullopt),
        Catch::Contains("epson-tm-t99") && Catch::Contains(profiles.string()));
}

TEST_CASE("A bad dispenser config is refused with its line and reason") {
    guichet::test::TempDir dir("dispenser");
    guichet::test::write_file(dir / "d.toml",
                              "[dispenser]\nsite = \"mairie-11\"\ndevice = \"Borne 1\"\n"
                              "profile = \"generic-58mm\"\n[[button]]\nservice = \"a\"\n");
    CHECK_THROWS_WITH(load_dispenser_config(dir / "d.toml"), Catch::Contains("d.toml:3:"));
    guichet::test::write_file(dir / "k.toml",
                              "[dispenser]\nsite = \"s\"\ndevice = \"d\"\nprofile = \"p\"\n"
                              "[[button]]\nservice = \"a\"\nkey = \"KEY_HOME\"\n");
    CHECK_THROWS_WITH(load_dispenser_config(dir / "k.toml"),
                      Catch::Contains("k.toml:7:") && Catch::Contains("KEY_HOME"));
}

TEST_CASE("The file printer appends tickets and the virtual printer writes one PNG per ticket") {
    guichet::test::TempDir dir("printers");
    const Profile p = printer::test::profile("generic-58mm");
    auto file = make_ticket_printer("file:" + (dir / "out.bin").string(), p);
    file->print("AB");
    file->print("C");
    CHECK(guichet::test::read_file(dir / "out.bin") == "ABC");
    CHECK_FALSE(file->status().has_value());

    auto png = make_ticket_printer("virtual:" + (dir / "png").string(), p);
    png->print(render_ticket(printer::test::sample_ticket(), p));
    png->print(render_ticket(printer::test::sample_ticket(), p));
    CHECK(std::filesystem::exists(dir / "png" / "ticket-1.png"));
    CHECK(std::filesystem::exists(dir / "png" / "ticket-2.png"));
    CHECK_THROWS_AS(make_ticket_printer("lpt1", p), std::invalid_argument);
}
