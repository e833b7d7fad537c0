#include <catch2/catch.hpp>

#include "display/board/board.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"

using namespace guichet::display;
using namespace std::chrono_literals;
using test::fixed_now;

namespace {

sdl::SurfacePtr render_board(const board::BoardModel& model, int w = 1920, int h = 1080,
                             std::chrono::system_clock::time_point now = fixed_now()) {
    const auto theme = test::board_theme(w, h);
    return test::render(w, h, [&](ui::Canvas& c) { board::draw(c, model, theme, now); });
}

board::BoardModel model_with(int calls) {
    board::BoardModel m;
    m.state = test::mairie_board(calls);
    if (calls > 0) m.newest_call_arrived = fixed_now() - 20s;
    return m;
}

}  // namespace

TEST_CASE("board with no call yet says so and still shows services and clock", "[display][board]") {
    const auto img = render_board(model_with(0));
    CHECK(test::check_reference(img.get(), "board_0_calls") == "");
}

TEST_CASE("board with one call shows it large with a steady highlight after the flashing",
          "[display][board]") {
    const auto img = render_board(model_with(1));
    CHECK(test::check_reference(img.get(), "board_1_call") == "");
}

TEST_CASE("board keeps the frame and marker while the flash is off", "[display][board]") {
    auto m = model_with(1);
    m.newest_call_arrived = fixed_now() - 300ms;  // second half of the first flash: not inverted
    const auto img = render_board(m);
    CHECK(test::check_reference(img.get(), "board_1_call_flash_off") == "");
}

TEST_CASE("board with eight calls shows the newest large and the previous ones below",
          "[display][board]") {
    const auto img = render_board(model_with(8));
    CHECK(test::check_reference(img.get(), "board_8_calls") == "");
}

TEST_CASE("board wraps or shortens long French service names without shrinking under the minimum",
          "[display][board]") {
    auto m = model_with(3);
    m.state.services[0].label = {
        "Centre d'action sociale de la Ville de Paris — aides facultatives, "
        "domiciliation et accompagnement des familles",
        "Paris social services centre — optional aid, postal address and "
        "family support"};
    m.state.services[1].label = {"Affaires générales et légalisation de signature",
                                 "General affairs "
                                 "and signature legalisation"};
    const auto img = render_board(m);
    CHECK(test::check_reference(img.get(), "board_long_names") == "");
}

TEST_CASE("portrait board stacks the current call, previous calls and services",
          "[display][board]") {
    const auto img = render_board(model_with(8), 1080, 1920);
    CHECK(test::check_reference(img.get(), "board_portrait") == "");
}

TEST_CASE("board shows the site notice and a discreet lost-connection badge, keeping its data",
          "[display][board]") {
    auto m = model_with(4);
    m.state.notice = guichet::protocol::LocalizedText{"Fermeture exceptionnelle samedi 28 novembre",
                                                      "Closed on Saturday 28 November"};
    m.connection_lost = true;
    const auto img = render_board(m);
    CHECK(test::check_reference(img.get(), "board_notice_connection_lost") == "");
}

TEST_CASE("board started before any data is never blank", "[display][board]") {
    board::BoardModel m;
    m.connection_lost = true;
    const auto img = render_board(m);
    CHECK(test::check_reference(img.get(), "board_no_data") == "");
}

TEST_CASE("a call event is announced once and moves to the top", "[display][board]") {
    board::BoardScreen screen;
    screen.on_board(test::mairie_board(3), fixed_now());
    bool announce = false;
    guichet::protocol::CallEvent call{"A043", "2", "Guichet 2", false, "2026-11-23T10:43:00+01:00"};
    CHECK(screen.on_call(call, fixed_now() + 1s, announce));
    CHECK(announce);
    CHECK(screen.model().state.calls.front().number == "A043");
    CHECK(screen.model().newest_call_arrived == fixed_now() + 1s);
    // The same event delivered again (QoS 1) is neither re-announced nor re-flashed.
    CHECK_FALSE(screen.on_call(call, fixed_now() + 2s, announce));
    CHECK_FALSE(announce);
    CHECK(screen.model().newest_call_arrived == fixed_now() + 1s);
    // The board state that follows the call keeps the arrival time.
    auto state = test::mairie_board(3);
    state.calls.insert(state.calls.begin(), {"A043", "2", "Guichet 2", call.at});
    screen.on_board(state, fixed_now() + 3s);
    CHECK(screen.model().newest_call_arrived == fixed_now() + 1s);
}

TEST_CASE("a recall is announced again and moves the ticket back to the top without a duplicate",
          "[display][board]") {
    board::BoardScreen screen;
    screen.on_board(test::mairie_board(3), fixed_now());
    bool announce = false;
    const auto& second = screen.model().state.calls[1];
    guichet::protocol::CallEvent recall{second.number, second.counter, second.counter_label, true,
                                        "2026-11-23T10:43:10+01:00"};
    CHECK(screen.on_call(recall, fixed_now() + 1s, announce));
    CHECK(announce);
    const auto& calls = screen.model().state.calls;
    REQUIRE(calls.size() == 3);
    CHECK(calls.front().number == recall.number);
    CHECK(std::count_if(calls.begin(), calls.end(),
                        [&](const auto& c) { return c.number == recall.number; }) == 1);
}

TEST_CASE("a board state with a new top call starts the flashing, an unchanged one does not",
          "[display][board]") {
    board::BoardScreen screen;
    screen.on_board(test::mairie_board(2), fixed_now());
    CHECK(screen.model().newest_call_arrived == fixed_now());
    screen.on_board(test::mairie_board(2), fixed_now() + 10s);
    CHECK(screen.model().newest_call_arrived == fixed_now());
}

TEST_CASE("board redraws at flash steps while flashing and only each minute when steady",
          "[display][board]") {
    auto m = model_with(1);
    m.newest_call_arrived = fixed_now();
    CHECK(board::next_redraw(m, fixed_now() + 100ms) == fixed_now() + 250ms);
    m.newest_call_arrived = fixed_now() - 10s;
    CHECK(board::next_redraw(m, fixed_now() + 100ms) == fixed_now() + 1min);
}
