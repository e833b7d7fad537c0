#include <catch2/catch.hpp>

#include <functional>

#include "protocol/codec.h"
#include "tests/integration/raw_device.h"
#include "tests/support/test_site.h"

using namespace guichet;

namespace {

protocol::Reply ask(protocol::DeviceClient& device, protocol::Operation op) {
    auto reply = device.request({device.next_id(), std::move(op)});
    REQUIRE(reply);
    return *reply;
}

// The board as screens get it: the retained one, then updates (the controller coalesces
// board publications), until `ready` holds.
protocol::BoardState board_when(test::TestSite& site,
                                const std::function<bool(const protocol::BoardState&)>& ready) {
    test::RawDevice screen(site.device("ecran-1"), {protocol::Topics("test-site").board()});
    protocol::BoardState last;
    for (int i = 0; i < 20; ++i) {
        auto m = screen.next(screen.topics().board());
        REQUIRE(m);
        auto board = protocol::decode_board(m->payload);
        REQUIRE(std::holds_alternative<protocol::BoardState>(board));
        last = std::get<protocol::BoardState>(board);
        if (ready(last)) break;
    }
    return last;
}

}  // namespace

TEST_CASE("a dispenser takes tickets, a counter calls them, and screens get the retained board") {
    test::TestSite site;
    site.start_controller();
    protocol::DeviceClient dispenser(site.device("borne-1"));
    protocol::DeviceClient counter(site.device("poste-1"));
    dispenser.start();
    counter.start();
    test::RawDevice screen(site.device("ecran-1"), {protocol::Topics("test-site").call_event()});

    const auto a1 = ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"});
    REQUIRE(a1.ok);
    CHECK(a1.ticket->number == "A001");
    const auto d1 = ask(dispenser, protocol::TicketTake{"titres", true, "fr"});
    CHECK(d1.ticket->number == "D001");
    CHECK(d1.ticket->priority);
    const auto a2 = ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"});
    CHECK(a2.ticket->ahead == 1);

    CHECK(ask(counter, protocol::CounterOpen{}).counter->state == "open");
    const auto call = ask(counter, protocol::CallNext{});
    REQUIRE(call.ok);
    CHECK(call.ticket->number == "D001");  // priority first
    auto event = screen.next(screen.topics().call_event());
    REQUIRE(event);
    auto decoded = protocol::decode_call(event->payload);
    REQUIRE(std::holds_alternative<protocol::CallEvent>(decoded));
    CHECK(std::get<protocol::CallEvent>(decoded).number == "D001");
    CHECK(std::get<protocol::CallEvent>(decoded).counter_label == "Guichet 1");

    CHECK(ask(counter, protocol::CallRecall{}).ticket->number == "D001");
    CHECK(ask(counter, protocol::CallNext{}).ticket->number == "A001");

    const protocol::BoardState board =
        board_when(site, [](const protocol::BoardState& b) { return b.calls.size() == 3; });
    REQUIRE(board.calls.size() == 3);
    CHECK(board.calls[0].number == "A001");
    CHECK(board.calls[1].number == "D001");
    CHECK(board.site_name == "Mairie de test");
    REQUIRE(board.services.size() == 2);
    CHECK(board.services[0].waiting == 1);  // A002
    CHECK(board.services[1].waiting == 0);
}

TEST_CASE("the agents' CLI takes, calls and shows the queues") {
    test::TestSite site;
    site.start_controller();
    std::string out;
    REQUIRE(site.cli({"take", "--service", "A"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("Ticket A001"));
    REQUIRE(site.cli({"take", "--service", "titres"}, &out) == 0);
    REQUIRE(site.cli({"counter", "--counter", "2", "open"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("Guichet 2 : ouvert"));
    REQUIRE(site.cli({"counter", "--counter", "2", "next"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("D001"));
    CHECK(site.cli({"counter", "--counter", "2", "next"}, &out) == 1);
    CHECK_THAT(out, Catch::Contains("queue_empty"));
    REQUIRE(site.cli({"status"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("État civil : 1 en attente"));
    CHECK_THAT(out, Catch::Contains("Guichet 2 : ouvert"));
    CHECK_THAT(out, Catch::Contains("D001 → Guichet 2"));
}

TEST_CASE("a counter transfers a visitor and marks a no-show over the wire") {
    test::TestSite site;
    site.start_controller();
    protocol::DeviceClient dispenser(site.device("borne-2"));
    protocol::DeviceClient counter(site.device("poste-1"));
    dispenser.start();
    counter.start();
    ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"});
    ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"});
    ask(counter, protocol::CounterOpen{});
    ask(counter, protocol::CallNext{});
    const auto moved = ask(counter, protocol::TicketTransfer{"titres", protocol::Position::front});
    REQUIRE(moved.ok);
    CHECK(moved.ticket->service == "titres");
    CHECK(moved.ticket->state == "waiting");
    protocol::DeviceClient titres_counter(site.device("poste-2"));
    titres_counter.start();
    ask(titres_counter, protocol::CounterOpen{});
    CHECK(ask(titres_counter, protocol::CallNext{}).ticket->number == "A001");
    CHECK(ask(titres_counter, protocol::TicketNoShow{}).ok);
    const auto none = ask(titres_counter, protocol::TicketNoShow{});
    CHECK(none.error->code == "no_current_ticket");
}

TEST_CASE("SIGTERM stops the controller cleanly and its status turns offline") {
    test::TestSite site;
    site.start_controller();
    CHECK(site.stop_controller() == 0);
    test::RawDevice screen(site.device("ecran-1"),
                           {protocol::Topics("test-site").controller_status()});
    auto m = screen.next(screen.topics().controller_status());
    REQUIRE(m);
    auto status = protocol::decode_controller_status(m->payload);
    REQUIRE(std::holds_alternative<protocol::ControllerStatus>(status));
    CHECK(std::get<protocol::ControllerStatus>(status).state == "offline");
}

TEST_CASE("a bad config is refused at start with file, line and reason, --check validates") {
    test::TestSite site;
    test::TempDir dir;
    const auto bad = dir / "bad.toml";
    test::write_file(bad,
                     "[site]\nid = \"x\"\nname = \"X\"\n\n[[service]]\nid = \"a\"\nprefix = "
                     "\"a\"\nlabel = \"A\"\n");
    std::string out;
    const std::string check =
        std::string(GUICHET_CONTROLLER_BIN) + " --config " + bad.string() + " 2>&1";
    std::FILE* p = ::popen(check.c_str(), "r");
    char buf[512] = {};
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    out.assign(buf, n);
    CHECK(WEXITSTATUS(::pclose(p)) == 2);
    CHECK_THAT(out, Catch::Contains("bad.toml:7: prefix must be one capital letter"));
    const std::string ok = std::string(GUICHET_CONTROLLER_BIN) + " --check --config " +
                           site.config_path() + " >/dev/null";
    CHECK(std::system(ok.c_str()) == 0);
}
