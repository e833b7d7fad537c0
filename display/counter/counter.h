// The counter terminal: the agent's touch screen and the public face above
// the counter.
//
// Contract: Terminal is pure (time is a parameter). It folds the retained
// state/counter/<c> view (and the board, for the list of services a ticket
// can be transferred to) into a CounterModel. A touch on an enabled button
// returns the operation to send (call.next, call.recall, ticket.no_show,
// ticket.finish, counter.pause / counter.open, ticket.transfer after choosing
// the service); buttons stay disabled while a request is in flight, and a
// refusal is shown in words until the next action. draw() paints the agent's
// screen, draw_public() the visitor-facing one ("Guichet 3 — A042", with the
// agent's name and function when the configuration gives them).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "display/ui/canvas.h"
#include "display/ui/theme.h"
#include "protocol/messages.h"

namespace guichet::display::counter {

using Clock = std::chrono::system_clock;

struct CounterModel {
    std::optional<protocol::CounterView> view;
    std::vector<protocol::BoardService> services;  // every service of the site (transfer targets)
    bool choosing_transfer = false;
    bool busy = false;                   // a request is waiting for its reply
    std::optional<std::string> message;  // the last refusal, in words
    bool connection_lost = false;
    std::string timezone = "Europe/Paris";
};

enum class Action {
    next,
    recall,
    no_show,
    transfer,
    finish,
    pause_or_open,
    transfer_to,
    cancel_transfer
};

struct Button {
    ui::Rect rect;
    Action action;
    std::string service;  // for transfer_to
    bool enabled = true;
};

std::vector<Button> layout(const CounterModel& model, int width, int height, double px_per_mm);

void draw(ui::Canvas& canvas, const CounterModel& model, const ui::Theme& theme,
          Clock::time_point now);
void draw_public(ui::Canvas& canvas, const CounterModel& model, const ui::Theme& theme,
                 Clock::time_point now);

class Terminal {
  public:
    Terminal(int width, int height, double px_per_mm, std::string timezone = "Europe/Paris");

    bool on_view(protocol::CounterView view);
    bool on_board(const protocol::BoardState& board);
    bool set_connection_lost(bool lost);

    // The operation to send for a touch at (x, y), if any; marks the terminal busy.
    std::optional<protocol::Operation> on_touch(int x, int y);
    // The reply (nullopt: no reply in time). Clears busy; keeps a refusal's message.
    bool on_reply(const std::optional<protocol::Reply>& reply);

    const CounterModel& model() const { return model_; }

  private:
    CounterModel model_;
    int width_, height_;
    double px_per_mm_;
};

}  // namespace guichet::display::counter
