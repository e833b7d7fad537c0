#include <catch2/catch.hpp>

#include "display/counter/counter.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"

using namespace guichet::display;
using guichet::protocol::CounterView;
using test::fixed_now;
using test::kCounterHeight;
using test::kCounterWidth;

namespace {

double ppm() {
    return test::counter_theme().text.px_per_mm;
}

counter::Terminal make_terminal(const CounterView& view = test::counter_three()) {
    counter::Terminal t(kCounterWidth, kCounterHeight, ppm());
    t.on_board(test::mairie_board(0));
    t.on_view(view);
    return t;
}

sdl::SurfacePtr render_terminal(const counter::CounterModel& m) {
    const auto theme = test::counter_theme();
    return test::render(kCounterWidth, kCounterHeight,
                        [&](ui::Canvas& c) { counter::draw(c, m, theme, fixed_now()); });
}

sdl::SurfacePtr render_face(const counter::CounterModel& m) {
    const auto theme = test::public_face_theme();
    return test::render(test::kFaceWidth, test::kFaceHeight,
                        [&](ui::Canvas& c) { counter::draw_public(c, m, theme, fixed_now()); });
}

const counter::Button& find(const counter::CounterModel& m, counter::Action a,
                            const std::string& service = {}) {
    static std::vector<counter::Button> buttons;
    buttons = counter::layout(m, kCounterWidth, kCounterHeight, ppm());
    for (const auto& b : buttons) {
        if (b.action == a && b.service == service) return b;
    }
    FAIL("no such button");
    return buttons.front();
}

std::optional<guichet::protocol::Operation> press(counter::Terminal& t, counter::Action a,
                                                  const std::string& service = {}) {
    const auto& b = find(t.model(), a, service);
    return t.on_touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2);
}

}  // namespace

TEST_CASE("counter terminal shows the called ticket, how long it waited, and the queues",
          "[display][counter]") {
    const auto t = make_terminal();
    CHECK(test::check_reference(render_terminal(t.model()).get(), "counter_called") == "");
}

TEST_CASE("counter terminal with no current ticket offers only Suivant and Pause",
          "[display][counter]") {
    auto view = test::counter_three();
    view.current.reset();
    const auto t = make_terminal(view);
    for (auto a : {counter::Action::recall, counter::Action::no_show, counter::Action::transfer,
                   counter::Action::finish}) {
        CHECK_FALSE(find(t.model(), a).enabled);
    }
    CHECK(find(t.model(), counter::Action::next).enabled);
    CHECK(test::check_reference(render_terminal(t.model()).get(), "counter_open_idle") == "");
}

TEST_CASE("a paused counter cannot call and offers to open again", "[display][counter]") {
    auto view = test::counter_three();
    view.current.reset();
    view.state = "paused";
    auto t = make_terminal(view);
    CHECK_FALSE(find(t.model(), counter::Action::next).enabled);
    CHECK(test::check_reference(render_terminal(t.model()).get(), "counter_paused") == "");
    const auto op = press(t, counter::Action::pause_or_open);
    REQUIRE(op);
    CHECK(std::holds_alternative<guichet::protocol::CounterOpen>(*op));
}

TEST_CASE("Suivant sends call.next and disables the buttons until the reply",
          "[display][counter]") {
    auto t = make_terminal();
    const auto op = press(t, counter::Action::next);
    REQUIRE(op);
    CHECK(std::holds_alternative<guichet::protocol::CallNext>(*op));
    CHECK(t.model().busy);
    CHECK_FALSE(find(t.model(), counter::Action::next).enabled);
    const auto& b = find(t.model(), counter::Action::next);
    CHECK_FALSE(t.on_touch(b.rect.x + 5, b.rect.y + 5));  // no double call while waiting
    guichet::protocol::Reply refused;
    refused.id = "x";
    refused.ok = false;
    refused.error =
        guichet::protocol::ErrorBody{"queue_empty", "Aucun visiteur n'attend pour vos services."};
    t.on_reply(refused);
    CHECK_FALSE(t.model().busy);
    REQUIRE(t.model().message);
    CHECK(test::check_reference(render_terminal(t.model()).get(), "counter_refused") == "");
}

TEST_CASE("each action button sends its operation", "[display][counter]") {
    using namespace guichet::protocol;
    auto t = make_terminal();
    auto op = press(t, counter::Action::recall);
    CHECK((op && std::holds_alternative<CallRecall>(*op)));
    t.on_reply(Reply{});
    op = press(t, counter::Action::no_show);
    CHECK((op && std::holds_alternative<TicketNoShow>(*op)));
    t.on_reply(Reply{});
    op = press(t, counter::Action::finish);
    CHECK((op && std::holds_alternative<TicketFinish>(*op)));
    t.on_reply(Reply{});
    op = press(t, counter::Action::pause_or_open);
    CHECK((op && std::holds_alternative<CounterPause>(*op)));
    t.on_reply(std::nullopt);
    CHECK(t.model().message == "Pas de réponse du serveur : réessayez.");
}

TEST_CASE("Transférer asks for the service, then sends ticket.transfer to the back of its queue",
          "[display][counter]") {
    auto t = make_terminal();
    CHECK_FALSE(press(t, counter::Action::transfer));
    REQUIRE(t.model().choosing_transfer);
    const auto buttons = counter::layout(t.model(), kCounterWidth, kCounterHeight, ppm());
    for (const auto& b : buttons) {
        CHECK(b.service != "etat-civil");  // not to its own service
        CHECK(b.service != "casvp");       // nor to a closed one
    }
    CHECK(test::check_reference(render_terminal(t.model()).get(), "counter_transfer") == "");
    const auto op = press(t, counter::Action::transfer_to, "affaires-generales");
    REQUIRE(op);
    const auto* transfer = std::get_if<guichet::protocol::TicketTransfer>(&*op);
    REQUIRE(transfer);
    CHECK(transfer->service == "affaires-generales");
    CHECK(transfer->position == guichet::protocol::Position::back);
}

TEST_CASE("an older retained counter view does not replace a newer one", "[display][counter]") {
    auto t = make_terminal();
    auto old = test::counter_three();
    old.seq = 50;
    old.current.reset();
    CHECK_FALSE(t.on_view(old));
    CHECK(t.model().view->current);
}

TEST_CASE("agent buttons are at least 20 mm with 5 mm gaps", "[display][counter]") {
    auto t = make_terminal();
    for (bool transfer : {false, true}) {
        if (transfer) press(t, counter::Action::transfer);
        const auto buttons = counter::layout(t.model(), kCounterWidth, kCounterHeight, ppm());
        for (std::size_t i = 0; i < buttons.size(); ++i) {
            const auto& a = buttons[i].rect;
            CHECK(a.w / ppm() >= 20.0);
            CHECK(a.h / ppm() >= 20.0);
            for (std::size_t j = i + 1; j < buttons.size(); ++j) {
                const auto& b = buttons[j].rect;
                const int gap = std::max(std::max(b.x - (a.x + a.w), a.x - (b.x + b.w)),
                                         std::max(b.y - (a.y + a.h), a.y - (b.y + b.h)));
                CHECK(gap / ppm() >= 5.0);
            }
        }
    }
}

TEST_CASE("public face shows the counter and the ticket, with the agent's name and function",
          "[display][counter]") {
    const auto t = make_terminal();
    CHECK(test::check_reference(render_face(t.model()).get(), "counter_public_face") == "");
}

TEST_CASE("public face of a paused counter says it is temporarily closed", "[display][counter]") {
    auto view = test::counter_three();
    view.state = "paused";
    view.current.reset();
    view.agent.reset();
    const auto t = make_terminal(view);
    CHECK(test::check_reference(render_face(t.model()).get(), "counter_public_face_paused") == "");
}
