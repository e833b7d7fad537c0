// The pure part of a screen process: one role's model, its theme, and what
// each message, touch and moment does to it. No SDL window, no MQTT.
//
// Contract: every on_*() returns true when the picture changed; draw() paints
// the current model at `now`; next_deadline() is when the picture may change
// by itself (flash step, clock minute, kiosk idle timer, survey lock-out). Used by the App
// (window + broker) and by --snapshot (one off-screen frame).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "display/app/config.h"
#include "display/board/board.h"
#include "display/counter/counter.h"
#include "display/kiosk/kiosk.h"
#include "display/survey/survey.h"
#include "display/ui/theme.h"

namespace guichet::display::app {

using Clock = std::chrono::system_clock;

class Screens {
  public:
    explicit Screens(const DisplayConfig& config);

    const DisplayConfig& config() const { return config_; }
    const ui::Theme& theme() const { return theme_; }

    bool on_board(const protocol::BoardState& board, Clock::time_point now);
    bool on_counter(const protocol::CounterView& view);
    // `announce`: the call is new here; the board chimes and speaks it.
    bool on_call(const protocol::CallEvent& call, Clock::time_point now, bool& announce);
    bool set_connection_lost(bool lost);
    bool tick(Clock::time_point now);
    Clock::time_point next_deadline(Clock::time_point now) const;

    // Feeds a state file (--state): a board for board, kiosk and survey, a counter view
    // for a counter. Returns an error sentence, or "" when accepted.
    std::string load_state(std::string_view json, Clock::time_point now);

    void draw(ui::Canvas& canvas, Clock::time_point now) const;

    board::BoardScreen board;
    kiosk::Kiosk kiosk;
    counter::Terminal terminal;
    survey::Survey survey;

  private:
    DisplayConfig config_;
    ui::Theme theme_;
};

}  // namespace guichet::display::app
