// The waiting-room board: model, what changes it, and its one draw function.
//
// Contract: BoardScreen folds the retained state/board messages and the
// event/call events into a BoardModel, with the local arrival time of the
// newest call (it drives the flashing, see ui/emphasis.h). on_call() says
// whether the call is new here, i.e. whether to chime and announce it: a call
// or a recall is announced once, even when state/board told us first.
// draw() paints the whole screen from the model at time `now` (the clock is
// an input: tests pass fixed times) and never leaves the screen blank.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "display/ui/canvas.h"
#include "display/ui/theme.h"
#include "protocol/messages.h"

namespace guichet::display::board {

using Clock = std::chrono::system_clock;

struct BoardModel {
    protocol::BoardState state;
    std::optional<Clock::time_point> newest_call_arrived;  // local time calls[0] appeared
    bool connection_lost = false;
    std::string timezone = "Europe/Paris";
};

class BoardScreen {
  public:
    explicit BoardScreen(std::string timezone = "Europe/Paris");

    // Both return true when what the screen shows changed.
    bool on_board(protocol::BoardState state, Clock::time_point now);
    // Sets `announce` when this call/recall has not been announced yet.
    bool on_call(const protocol::CallEvent& call, Clock::time_point now, bool& announce);
    bool set_connection_lost(bool lost);

    const BoardModel& model() const { return model_; }

  private:
    bool remember_announced(const std::string& key);
    BoardModel model_;
    std::deque<std::string> announced_;  // number|at of the last calls announced
};

void draw(ui::Canvas& canvas, const BoardModel& model, const ui::Theme& theme,
          Clock::time_point now);

// The fonts a new call's number may be drawn at: a screen opens them at
// start so that the first calls do not wait for font files.
std::vector<ui::Font> call_fonts(const ui::Theme& theme);

// When the picture will next change by itself (flash step or clock minute).
Clock::time_point next_redraw(const BoardModel& model, Clock::time_point now);

}  // namespace guichet::display::board
