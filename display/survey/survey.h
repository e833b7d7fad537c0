// The satisfaction terminal (QualiPARIS commitment 12): model, touch
// handling, layout and drawing.
//
// Contract: Survey is pure (time is a parameter). Its home page asks the
// visitor's service first when `ask_service` is set (at most 8 services, with
// "Passer" to vote without one), else shows the four faces at once, from
// "Très mécontent" (1) to "Très satisfait" (4): drawn pictograms with their
// words, never colour alone. A touch on a face returns the one survey.vote to
// send and shows "Merci !"; no other vote is taken until `lockout` has passed
// and the controller's answer (on_recorded) is in, so that a repeated press
// never counts twice. Then, or after `idle_reset` without a touch away from
// home, the terminal goes back to the French home page in standard mode.
// Language switch and accessibility mode (high contrast, larger text, every
// control in the lower half) as on the kiosk; every target is at least 20 mm
// with gaps of at least 5 mm.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "display/ui/canvas.h"
#include "display/ui/theme.h"
#include "display/ui/words.h"
#include "protocol/messages.h"

namespace guichet::display::survey {

using Clock = std::chrono::system_clock;

enum class Page { service, faces, thanks };

inline constexpr int kMaxServices = 8;

struct SurveyModel {
    std::vector<protocol::BoardService> services;  // offered on the service page (<= 8)
    std::string site_name;
    bool ask_service = false;
    ui::Lang lang = ui::Lang::fr;
    bool accessible = false;
    Page page = Page::faces;
    std::optional<std::string> service;  // the visitor's choice, when asked
    int score = 0;                       // the vote being thanked for
    std::optional<bool> recorded;        // the controller's answer, once in
    bool connection_lost = false;
};

enum class Action { choose_service, skip_service, vote, switch_language, toggle_accessible };

struct Button {
    ui::Rect rect;
    Action action;
    std::string service;  // choose_service
    int score = 0;        // vote: 1..4
};

struct SurveyOptions {
    bool ask_service = false;
    std::chrono::seconds lockout{3};      // "Merci !" shown, no other vote taken
    std::chrono::seconds idle_reset{15};  // away from home without a touch
};

// "Très mécontent", "Mécontent", "Satisfait", "Très satisfait" (and English).
std::string score_words(int score, ui::Lang lang);

std::vector<Button> layout(const SurveyModel& model, int width, int height, double px_per_mm);

void draw(ui::Canvas& canvas, const SurveyModel& model, const ui::Theme& base);

class Survey {
  public:
    Survey(int width, int height, double px_per_mm, SurveyOptions options = {});

    // The services offered (empty = all the board lists), then the board updates.
    void set_allowed_services(std::vector<std::string> ids);
    bool on_board(const protocol::BoardState& board);
    bool set_connection_lost(bool lost);

    // A touch at (x, y). Returns the vote to send when a face was pressed.
    std::optional<protocol::SurveyVote> on_touch(int x, int y, Clock::time_point now);
    // The controller took the vote (true) or it could not be sent (false).
    bool on_recorded(bool ok, Clock::time_point now);
    bool tick(Clock::time_point now);
    // When tick() may next change something; time_point::max() when nothing is pending.
    Clock::time_point next_deadline() const;

    const SurveyModel& model() const { return model_; }

  private:
    void reset_home();
    bool at_home() const;
    SurveyModel model_;
    int width_, height_;
    double px_per_mm_;
    SurveyOptions options_;
    std::vector<std::string> allowed_;
    Clock::time_point last_touch_{};
    Clock::time_point thanks_until_{};  // once recorded is known
};

}  // namespace guichet::display::survey
