#include <catch2/catch.hpp>

#include "display/survey/survey.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"

using namespace guichet::display;
using namespace std::chrono_literals;
using test::fixed_now;

namespace {

// The satisfaction terminal is the same 10-inch tablet as the counter terminal.
constexpr int kWidth = test::kCounterWidth, kHeight = test::kCounterHeight;

double ppm() {
    return test::counter_theme().text.px_per_mm;
}

survey::Survey make_survey(bool ask_service = false) {
    survey::SurveyOptions o;
    o.ask_service = ask_service;
    survey::Survey s(kWidth, kHeight, ppm(), o);
    s.on_board(test::mairie_board(0));
    return s;
}

sdl::SurfacePtr render_survey(const survey::SurveyModel& m) {
    const auto theme = test::counter_theme();
    return test::render(kWidth, kHeight, [&](ui::Canvas& c) { survey::draw(c, m, theme); });
}

const survey::Button& find(const std::vector<survey::Button>& buttons, survey::Action a,
                           int score = 0, const std::string& service = {}) {
    for (const auto& b : buttons) {
        if (b.action == a && b.score == score && b.service == service) return b;
    }
    FAIL("no such button");
    return buttons.front();
}

std::optional<guichet::protocol::SurveyVote> press(
    survey::Survey& s, survey::Action a, int score = 0, const std::string& service = {},
    std::chrono::system_clock::time_point at = fixed_now()) {
    const auto buttons = survey::layout(s.model(), kWidth, kHeight, ppm());
    const auto& b = find(buttons, a, score, service);
    return s.on_touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2, at);
}

}  // namespace

TEST_CASE("survey home shows four drawn faces with their words, from very unhappy to very happy",
          "[display][survey]") {
    const auto s = make_survey();
    REQUIRE(s.model().page == survey::Page::faces);
    const auto buttons = survey::layout(s.model(), kWidth, kHeight, ppm());
    int previous_x = -1;
    for (int score = 1; score <= 4; ++score) {
        const auto& b = find(buttons, survey::Action::vote, score);
        CHECK(b.rect.x > previous_x);  // read left to right
        previous_x = b.rect.x;
    }
    CHECK(survey::score_words(1, ui::Lang::fr) == "Très mécontent");
    CHECK(survey::score_words(4, ui::Lang::fr) == "Très satisfait");
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_faces") == "");
}

TEST_CASE("survey in English after touching the language name", "[display][survey]") {
    auto s = make_survey();
    press(s, survey::Action::switch_language);
    CHECK(s.model().lang == ui::Lang::en);
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_faces_en") == "");
}

TEST_CASE("survey accessibility mode: high contrast, larger text, controls in the lower half",
          "[display][survey]") {
    auto s = make_survey();
    press(s, survey::Action::toggle_accessible);
    REQUIRE(s.model().accessible);
    for (const auto& b : survey::layout(s.model(), kWidth, kHeight, ppm()))
        CHECK(b.rect.y >= kHeight / 2);
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_accessible") == "");
}

TEST_CASE("a face press gives one vote and thanks, presses during the lock-out are ignored",
          "[display][survey]") {
    auto s = make_survey();
    const auto vote = press(s, survey::Action::vote, 3);
    REQUIRE(vote);
    CHECK(vote->score == 3);
    CHECK_FALSE(vote->service);
    REQUIRE(s.model().page == survey::Page::thanks);
    CHECK(survey::layout(s.model(), kWidth, kHeight, ppm()).empty());
    for (int x = 0; x < kWidth; x += 40) CHECK_FALSE(s.on_touch(x, kHeight / 2, fixed_now() + 1s));
    s.on_recorded(true, fixed_now() + 100ms);
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_thanks") == "");
    CHECK_FALSE(s.tick(fixed_now() + 2s));
    CHECK(s.next_deadline() == fixed_now() + 3s);
    CHECK(s.tick(fixed_now() + 3s));
    CHECK(s.model().page == survey::Page::faces);
    CHECK(press(s, survey::Action::vote, 1, {}, fixed_now() + 4s)->score == 1);
}

TEST_CASE("the thanks stay until the controller has answered the vote", "[display][survey]") {
    auto s = make_survey();
    REQUIRE(press(s, survey::Action::vote, 4));
    CHECK(s.next_deadline() == std::chrono::system_clock::time_point::max());
    CHECK_FALSE(s.tick(fixed_now() + 8s));
    CHECK(s.model().page == survey::Page::thanks);
    s.on_recorded(true, fixed_now() + 8s);
    CHECK(s.tick(fixed_now() + 8s));
    CHECK(s.model().page == survey::Page::faces);
}

TEST_CASE("a vote that could not be recorded is apologised for", "[display][survey]") {
    auto s = make_survey();
    REQUIRE(press(s, survey::Action::vote, 2));
    CHECK(s.on_recorded(false, fixed_now() + 10s));
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_not_recorded") == "");
    CHECK_FALSE(s.tick(fixed_now() + 12s));  // a whole lock-out from the answer
    CHECK(s.tick(fixed_now() + 13s));
}

TEST_CASE("with the service step the vote carries the visitor's service, or none when skipped",
          "[display][survey]") {
    auto s = make_survey(true);
    REQUIRE(s.model().page == survey::Page::service);
    CHECK(test::check_reference(render_survey(s.model()).get(), "survey_service") == "");
    press(s, survey::Action::choose_service, 0, "elections");
    REQUIRE(s.model().page == survey::Page::faces);
    const auto vote = press(s, survey::Action::vote, 4);
    REQUIRE(vote);
    CHECK(vote->service == "elections");
    s.on_recorded(true, fixed_now());
    s.tick(fixed_now() + 3s);
    REQUIRE(s.model().page == survey::Page::service);
    CHECK_FALSE(s.model().service);

    press(s, survey::Action::skip_service, 0, {}, fixed_now() + 4s);
    const auto skipped = press(s, survey::Action::vote, 2, {}, fixed_now() + 4s);
    REQUIRE(skipped);
    CHECK_FALSE(skipped->service);
}

TEST_CASE("a survey left untouched goes back to the French home page", "[display][survey]") {
    auto s = make_survey(true);
    press(s, survey::Action::switch_language);
    press(s, survey::Action::toggle_accessible);
    press(s, survey::Action::choose_service, 0, "etat-civil");
    CHECK_FALSE(s.tick(fixed_now() + 14s));
    CHECK(s.tick(fixed_now() + 15s));
    CHECK(s.model().page == survey::Page::service);
    CHECK(s.model().lang == ui::Lang::fr);
    CHECK_FALSE(s.model().accessible);
    CHECK(s.next_deadline() == std::chrono::system_clock::time_point::max());
}

TEST_CASE("survey targets are at least 20 mm with 5 mm gaps, portrait and landscape",
          "[display][survey]") {
    const double px_per_mm = ppm();
    for (auto [w, h] : {std::pair{kWidth, kHeight}, std::pair{800, 1280}}) {
        for (bool accessible : {false, true}) {
            for (auto page : {survey::Page::faces, survey::Page::service}) {
                survey::SurveyModel m;
                m.services = test::mairie_board(0).services;
                m.accessible = accessible;
                m.page = page;
                const auto buttons = survey::layout(m, w, h, px_per_mm);
                INFO(w << "x" << h << " accessible " << accessible << " page "
                       << static_cast<int>(page));
                CHECK(buttons.size() >= 4);
                for (std::size_t i = 0; i < buttons.size(); ++i) {
                    const auto& a = buttons[i].rect;
                    CHECK(a.w / px_per_mm >= 20.0);
                    CHECK(a.h / px_per_mm >= 20.0);
                    for (std::size_t j = i + 1; j < buttons.size(); ++j) {
                        const auto& b = buttons[j].rect;
                        const int dx = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
                        const int dy = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
                        CHECK(std::max(dx, dy) / px_per_mm >= 5.0);
                    }
                }
            }
        }
    }
}
