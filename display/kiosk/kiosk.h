// The service-choice kiosk: model, touch handling, layout and drawing.
//
// Contract: Kiosk is pure (time is a parameter). It shows the services this
// device may issue, at most 8 buttons a page, each at least 20 mm high with
// gaps of at least 5 mm; services that cannot be chosen are drawn as such
// with the reason and ignore touches. A touch on an open service returns the
// ticket.take to send (with the priority flag on the priority path and the
// current language); the caller hands it to a TicketIssuer and reports the
// outcome with on_issued(). After `idle_warning` without a touch away from
// the French home page, a warning shows; `idle_reset` later the kiosk goes
// back to the French home page (standard mode, no priority).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "display/kiosk/ticket_issuer.h"
#include "display/ui/canvas.h"
#include "display/ui/theme.h"
#include "display/ui/words.h"
#include "protocol/messages.h"

namespace guichet::display::kiosk {

using Clock = std::chrono::system_clock;

enum class Page { home, issuing, ticket, refused };

struct KioskModel {
    std::vector<protocol::BoardService> services;  // those this kiosk may issue, in order
    std::string site_name;
    ui::Lang lang = ui::Lang::fr;
    bool accessible = false;  // high contrast, larger text, controls in the lower half
    bool priority = false;    // the visitor asked for a priority ticket
    int page_index = 0;       // page of service buttons
    Page page = Page::home;
    IssueOutcome outcome;  // on Page::ticket / Page::refused
    bool idle_warning = false;
    bool connection_lost = false;
};

enum class Action {
    choose_service,
    previous_page,
    next_page,
    switch_language,
    toggle_accessible,
    toggle_priority,
    back_home,
    still_here,
};

struct Button {
    ui::Rect rect;
    Action action;
    std::string service;  // for choose_service
    bool enabled = true;
};

struct KioskOptions {
    std::chrono::seconds idle_warning{45};
    std::chrono::seconds idle_reset{15};    // after the warning
    std::chrono::seconds ticket_shown{20};  // the confirmation, then home
};

// The buttons of the current page, in pixels, for a screen of `width` x
// `height` at `px_per_mm`. draw() and the touch handling both use it.
std::vector<Button> layout(const KioskModel& model, int width, int height, double px_per_mm);
int services_per_page(const KioskModel& model, int width, int height, double px_per_mm);

// The theme the kiosk uses in the model's mode (high contrast and x1.5 text when accessible).
ui::Theme kiosk_theme(const KioskModel& model, const ui::Theme& base);

void draw(ui::Canvas& canvas, const KioskModel& model, const ui::Theme& base,
          Clock::time_point now);

class Kiosk {
  public:
    Kiosk(int width, int height, double px_per_mm, KioskOptions options = {});

    // The services this kiosk may issue (empty = all), then the board updates.
    void set_allowed_services(std::vector<std::string> ids);
    void set_site_name(std::string name);
    bool on_board(const protocol::BoardState& board);
    bool set_connection_lost(bool lost);

    // A touch at (x, y). Returns the request to issue when a service was chosen.
    std::optional<protocol::TicketTake> on_touch(int x, int y, Clock::time_point now);
    bool on_issued(IssueOutcome outcome, Clock::time_point now);
    // Time passing: idle warning, return home. True when the screen changed.
    bool tick(Clock::time_point now);
    // When tick() may next change something; time_point::max() when nothing is pending.
    Clock::time_point next_deadline() const;

    const KioskModel& model() const { return model_; }

  private:
    void reset_home();
    KioskModel model_;
    int width_, height_;
    double px_per_mm_;
    KioskOptions options_;
    std::vector<std::string> allowed_;
    Clock::time_point last_touch_{};
    Clock::time_point page_since_{};
};

}  // namespace guichet::display::kiosk
