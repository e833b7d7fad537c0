#include <catch2/catch.hpp>

#include "display/kiosk/kiosk.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"

using namespace guichet::display;
using namespace std::chrono_literals;
using guichet::protocol::BoardService;
using test::fixed_now;
using test::kKioskHeight;
using test::kKioskWidth;

namespace {

kiosk::Kiosk make_kiosk() {
    kiosk::Kiosk k(kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    k.on_board(test::mairie_board(0));
    return k;
}

sdl::SurfacePtr render_kiosk(const kiosk::KioskModel& m) {
    const auto theme = test::kiosk_theme();
    return test::render(kKioskWidth, kKioskHeight,
                        [&](ui::Canvas& c) { kiosk::draw(c, m, theme, fixed_now()); });
}

const kiosk::Button& find(const std::vector<kiosk::Button>& buttons, kiosk::Action a,
                          const std::string& service = {}) {
    for (const auto& b : buttons) {
        if (b.action == a && b.service == service) return b;
    }
    FAIL("no such button");
    return buttons.front();
}

void touch(kiosk::Kiosk& k, kiosk::Action a, const std::string& service = {},
           std::chrono::system_clock::time_point at = fixed_now()) {
    const auto buttons =
        kiosk::layout(k.model(), kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    const auto& b = find(buttons, a, service);
    k.on_touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2, at);
}

std::vector<BoardService> many_services(int n) {
    std::vector<BoardService> out;
    for (int i = 0; i < n; ++i) {
        out.push_back({"s" + std::to_string(i),
                       {"Service " + std::to_string(i), "Service"},
                       "open",
                       i,
                       i * 60});
    }
    return out;
}

}  // namespace

TEST_CASE("kiosk home lists the services with their wait, closed and cut-off ones with the reason",
          "[display][kiosk]") {
    const auto k = make_kiosk();
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_home") == "");
}

TEST_CASE("kiosk in English after touching the language name", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::switch_language);
    CHECK(k.model().lang == ui::Lang::en);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_home_en") == "");
}

TEST_CASE("kiosk accessibility mode: high contrast, larger text, controls in the lower half",
          "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::toggle_accessible);
    REQUIRE(k.model().accessible);
    const auto buttons =
        kiosk::layout(k.model(), kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    for (const auto& b : buttons) CHECK(b.rect.y >= kKioskHeight / 2);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_accessible") == "");
}

TEST_CASE("kiosk priority path says so and marks the request as priority", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::toggle_priority);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_priority") == "");
    const auto buttons =
        kiosk::layout(k.model(), kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    const auto& b = find(buttons, kiosk::Action::choose_service, "etat-civil");
    const auto take = k.on_touch(b.rect.x + 5, b.rect.y + 5, fixed_now());
    REQUIRE(take);
    CHECK(take->service == "etat-civil");
    CHECK(take->priority);
    CHECK(take->lang == "fr");
    CHECK(k.model().page == kiosk::Page::issuing);
}

TEST_CASE("a cut-off or closed service ignores touches", "[display][kiosk]") {
    auto k = make_kiosk();
    const auto buttons =
        kiosk::layout(k.model(), kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    for (const char* id : {"titres", "casvp"}) {
        const auto& b = find(buttons, kiosk::Action::choose_service, id);
        CHECK_FALSE(b.enabled);
        CHECK_FALSE(k.on_touch(b.rect.x + 5, b.rect.y + 5, fixed_now()));
        CHECK(k.model().page == kiosk::Page::home);
    }
}

TEST_CASE("kiosk shows the ticket, then goes back home by itself", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::switch_language);
    touch(k, kiosk::Action::choose_service, "affaires-generales");
    kiosk::IssueOutcome outcome;
    auto& ticket = outcome.ticket.emplace();
    ticket.number = "B018";
    ticket.service = "affaires-generales";
    ticket.issued_at = "2026-11-23T10:42:00+01:00";
    ticket.state = "waiting";
    ticket.ahead = 11;
    ticket.estimated_wait_s = 24 * 60;
    outcome.delivered = true;
    k.on_issued(outcome, fixed_now());
    CHECK(k.model().page == kiosk::Page::ticket);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_ticket_en") == "");
    CHECK_FALSE(k.tick(fixed_now() + 10s));
    CHECK(k.tick(fixed_now() + 21s));
    CHECK(k.model().page == kiosk::Page::home);
    CHECK(k.model().lang == ui::Lang::fr);
}

TEST_CASE("kiosk shows the controller's refusal with its advice", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::choose_service, "etat-civil");
    kiosk::IssueOutcome outcome;
    outcome.error =
        guichet::protocol::ErrorBody{"cutoff", "Plus de tickets pour l'état civil aujourd'hui."};
    outcome.advice =
        "Revenez demain à partir de 8 h 30, ou faites votre demande en ligne sur paris.fr.";
    k.on_issued(outcome, fixed_now());
    CHECK(k.model().page == kiosk::Page::refused);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_refused") == "");
}

TEST_CASE("an idle kiosk warns, then returns to the French home page", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::switch_language, {}, fixed_now());
    touch(k, kiosk::Action::toggle_accessible, {}, fixed_now());
    CHECK_FALSE(k.tick(fixed_now() + 30s));
    CHECK(k.tick(fixed_now() + 45s));
    CHECK(k.model().idle_warning);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_idle_warning") == "");
    CHECK(k.tick(fixed_now() + 61s));
    CHECK_FALSE(k.model().idle_warning);
    CHECK(k.model().lang == ui::Lang::fr);
    CHECK_FALSE(k.model().accessible);
}

TEST_CASE("a touch during the idle warning keeps the visitor's choices", "[display][kiosk]") {
    auto k = make_kiosk();
    touch(k, kiosk::Action::switch_language, {}, fixed_now());
    k.tick(fixed_now() + 46s);
    REQUIRE(k.model().idle_warning);
    k.on_touch(10, 10, fixed_now() + 50s);
    CHECK_FALSE(k.model().idle_warning);
    CHECK_FALSE(k.tick(fixed_now() + 70s));
    CHECK(k.model().lang == ui::Lang::en);
}

TEST_CASE("touch targets are at least 20 mm with 5 mm gaps, at most 8 services a page",
          "[display][kiosk]") {
    const double ppm = test::kiosk_theme().text.px_per_mm;
    for (auto [w, h] : {std::pair{kKioskWidth, kKioskHeight}, std::pair{1920, 1080}}) {
        for (bool accessible : {false, true}) {
            for (int n : {3, 8, 13}) {
                kiosk::KioskModel m;
                m.services = many_services(n);
                m.accessible = accessible;
                const auto buttons = kiosk::layout(m, w, h, ppm);
                INFO(w << "x" << h << " accessible " << accessible << " services " << n);
                int services = 0;
                for (std::size_t i = 0; i < buttons.size(); ++i) {
                    const auto& a = buttons[i].rect;
                    services += buttons[i].action == kiosk::Action::choose_service;
                    CHECK(a.w / ppm >= 20.0);
                    CHECK(a.h / ppm >= 20.0);
                    for (std::size_t j = i + 1; j < buttons.size(); ++j) {
                        const auto& b = buttons[j].rect;
                        const int dx = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
                        const int dy = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
                        CHECK(std::max(dx, dy) / ppm >= 5.0);
                    }
                }
                CHECK(services <= 8);
                CHECK(services == std::min(n, kiosk::services_per_page(m, w, h, ppm)));
            }
        }
    }
}

TEST_CASE("more services than fit go to further pages", "[display][kiosk]") {
    kiosk::Kiosk k(kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    auto board = test::mairie_board(0);
    board.services = many_services(11);
    k.on_board(board);
    touch(k, kiosk::Action::next_page);
    CHECK(k.model().page_index == 1);
    const auto buttons =
        kiosk::layout(k.model(), kKioskWidth, kKioskHeight, test::kiosk_theme().text.px_per_mm);
    CHECK_FALSE(find(buttons, kiosk::Action::next_page).enabled);
    CHECK(test::check_reference(render_kiosk(k.model()).get(), "kiosk_page_2") == "");
}
