#include "display/board/board.h"

#include <algorithm>
#include <vector>

#include "display/ui/emphasis.h"
#include "display/ui/text_fit.h"
#include "display/ui/words.h"

namespace guichet::display::board {

using ui::Align;
using ui::Canvas;
using ui::Font;
using ui::Rect;

namespace {

constexpr std::size_t kMaxCalls = 8;  // the current call and up to 7 before it

std::string call_key(const std::string& number, const std::string& at) {
    return number + "|" + at;
}

std::string top_key(const protocol::BoardState& s) {
    return s.calls.empty() ? std::string() : call_key(s.calls.front().number, s.calls.front().at);
}

}  // namespace

BoardScreen::BoardScreen(std::string timezone) {
    model_.timezone = std::move(timezone);
}

bool BoardScreen::on_board(protocol::BoardState state, Clock::time_point now) {
    if (top_key(state) != top_key(model_.state) && !state.calls.empty()) {
        model_.newest_call_arrived = now;
    }
    model_.state = std::move(state);
    return true;
}

bool BoardScreen::remember_announced(const std::string& key) {
    if (std::find(announced_.begin(), announced_.end(), key) != announced_.end()) return false;
    announced_.push_back(key);
    if (announced_.size() > 32) announced_.pop_front();
    return true;
}

bool BoardScreen::on_call(const protocol::CallEvent& call, Clock::time_point now, bool& announce) {
    announce = remember_announced(call_key(call.number, call.at) + (call.recall ? "|recall" : ""));
    auto& calls = model_.state.calls;
    const bool already_on_top =
        !calls.empty() && calls.front().number == call.number && calls.front().at == call.at;
    if (!already_on_top || announce) model_.newest_call_arrived = now;
    if (!already_on_top) {
        std::erase_if(calls, [&](const protocol::BoardCall& c) { return c.number == call.number; });
        calls.insert(calls.begin(),
                     protocol::BoardCall{call.number, call.counter, call.counter_label, call.at});
        if (calls.size() > kMaxCalls) calls.resize(kMaxCalls);
    }
    return !already_on_top || announce;
}

bool BoardScreen::set_connection_lost(bool lost) {
    if (model_.connection_lost == lost) return false;
    model_.connection_lost = lost;
    return true;
}

namespace {

// Sizes derived from the theme's legibility minimums.
struct Sizes {
    Font body, body_bold, title, number, hero, clock;
    int margin, gap, frame;
};

Sizes sizes_for(const ui::Theme& theme) {
    const int body = theme.text.body_px;
    const int number = theme.text.number_px;
    return Sizes{{body, false},         {body, true},           {body, true},
                 {number, true},        {number * 3 / 2, true}, {body * 3 / 2, true},
                 std::max(8, body / 2), std::max(4, body / 4),  std::max(3, body / 6)};
}

// The current call's number sizes, largest first: the first at which "A042 → Guichet 3"
// fits on one line is used.
std::vector<Font> hero_sizes(const Sizes& s) {
    std::vector<Font> out;
    for (int px = s.hero.px; px >= s.number.px * 5 / 4; px -= s.number.px / 20 + 1)
        out.push_back({px, true});
    return out;
}

std::string both(const std::string& fr, const std::string& en) {
    return fr == en || en.empty() ? fr : fr + " · " + en;
}

// Site name, hours today and the clock; returns the height used. On a narrow
// (portrait) screen the hours go to a second line rather than being cut.
int draw_header(Canvas& c, const BoardModel& m, const ui::Theme& t, const Sizes& s, Rect area,
                Clock::time_point now) {
    const auto& ink = t.palette.page;
    const std::string clock = ui::local_clock(now, m.timezone);
    const int clock_w = c.text_width(clock, s.clock);
    const int line_h = c.line_height(s.clock);
    ui::draw_line(c, clock, area.x, area.y, area.w, Align::right, s.clock, ink.fg);
    const int body_y = area.y + (line_h - c.line_height(s.body)) / 2;
    std::string hours;
    if (m.state.hours_today) {
        const auto& h = *m.state.hours_today;
        hours = h.fr == h.en ? "Aujourd'hui · Today  " + h.fr
                             : "Aujourd'hui " + h.fr + " · Today " + h.en;
    }
    const int name_w = c.text_width(m.state.site_name, s.body_bold);
    const int free_w = area.w - clock_w - 2 * s.margin;
    const bool one_row = hours.empty() || name_w + s.margin + c.text_width(hours, s.body) <= free_w;
    const int name_room = one_row && !hours.empty() ? std::min(name_w, free_w / 2) : free_w;
    const auto name = ui::fit_text(c, m.state.site_name, name_room, 1, s.body_bold, s.body.px);
    ui::draw_fitted(c, name, area.x, body_y, name_room, Align::left, ink.fg);
    if (hours.empty()) return line_h;
    if (one_row) {
        const int hours_w = free_w - name_room - s.margin;
        const auto fitted = ui::fit_text(c, hours, hours_w, 1, s.body, s.body.px);
        ui::draw_fitted(c, fitted, area.x + name_room + s.margin, body_y, hours_w, Align::right,
                        t.palette.page_muted.fg);
        return line_h;
    }
    const auto fitted = ui::fit_text(c, hours, area.w, 2, s.body, s.body.px);
    return line_h + ui::draw_fitted(c, fitted, area.x, area.y + line_h, area.w, Align::left,
                                    t.palette.page_muted.fg);
}

// The current call, framed and marked; flashing for a few seconds, then steady.
int draw_current_call(Canvas& c, const BoardModel& m, const ui::Theme& t, const Sizes& s, Rect area,
                      Clock::time_point now) {
    const auto& pal = t.palette;
    ui::draw_line(c, "Appel en cours · Now calling", area.x, area.y, area.w, Align::left, s.title,
                  pal.page_muted.fg);
    const int y = area.y + c.line_height(s.title);
    const int pad = ui::cap_px(s.number) * 3 / 10;
    if (m.state.calls.empty()) {
        const Rect box{area.x, y, area.w, ui::cap_px(s.number) + 2 * pad};
        c.fill(box, pal.panel.bg);
        const auto waiting = ui::fit_text(c, "Aucun appel pour le moment · No call yet",
                                          box.w - 2 * pad, 2, s.body_bold, s.body.px);
        const int h = static_cast<int>(waiting.lines.size()) * c.line_height(waiting.font);
        ui::draw_fitted(c, waiting, box.x + pad, box.y + (box.h - h) / 2, box.w - 2 * pad,
                        Align::left, pal.panel.fg);
        return y + box.h - area.y;
    }
    const auto& call = m.state.calls.front();
    bool inverted = false;
    if (m.newest_call_arrived) {
        inverted = ui::emphasis_at(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       now - *m.newest_call_arrived))
                       .inverted;
    }
    const ui::Ink& ink = inverted ? pal.highlight : pal.accent;
    const std::string marker = "▶ ";
    const std::string counter = " → " + call.counter_label;
    // The frame sits outside the box with a gap, so it shows in both flash phases.
    const int inset = 2 * s.frame;
    const int marker_w = c.text_width(marker, s.number);
    const int inner_w = area.w - 2 * pad - 2 * inset - marker_w;
    const int counter_w = c.text_width(counter, s.number);
    // One line "A042 → Guichet 3" when it fits at 1.25 x the number size or more;
    // two lines at 1.5 x otherwise.
    Font hero = s.hero;
    bool one_line = false;
    for (const Font& size : hero_sizes(s)) {
        one_line = c.text_width(call.number, size) + counter_w <= inner_w;
        if (one_line) {
            hero = size;
            break;
        }
    }
    const int hero_cap = ui::cap_px(hero), number_cap = ui::cap_px(s.number);
    const int box_h = one_line ? hero_cap + 2 * pad : hero_cap + number_cap + 3 * pad;
    const Rect outer{area.x, y, area.w, box_h + 2 * inset};
    c.frame(outer, pal.page.fg, s.frame);
    const Rect box{outer.x + inset, outer.y + inset, outer.w - 2 * inset, box_h};
    c.fill(box, ink.bg);
    const int x = box.x + pad;
    const int hero_top = box.y + pad;
    ui::draw_at_cap(c, marker, x, hero_top + (hero_cap - number_cap) / 2, s.number, ink.fg);
    ui::draw_at_cap(c, call.number, x + marker_w, hero_top, hero, ink.fg);
    if (one_line) {
        ui::draw_at_cap(c, counter, x + marker_w + c.text_width(call.number, hero),
                        hero_top + hero_cap - number_cap, s.number, ink.fg);
    } else {
        const auto fitted =
            ui::fit_text(c, "→ " + call.counter_label, inner_w, 1, s.number, s.body.px);
        ui::draw_at_cap(c, fitted.lines.front(), x + marker_w, hero_top + hero_cap + pad,
                        fitted.font, ink.fg);
    }
    return y + outer.h - area.y;
}

int draw_previous_calls(Canvas& c, const BoardModel& m, const ui::Theme& t, const Sizes& s,
                        Rect area) {
    const auto& calls = m.state.calls;
    if (calls.size() < 2) return 0;
    const auto& pal = t.palette;
    ui::draw_line(c, "Appels précédents · Previous calls", area.x, area.y, area.w, Align::left,
                  s.title, pal.page_muted.fg);
    const int top = area.y + c.line_height(s.title);
    const int pad = ui::cap_px(s.number) / 5;
    const int row_h = ui::cap_px(s.number) + 2 * pad + s.gap;
    const int number_w = c.text_width("W888 ", s.number);
    const int rows = std::max(0, (area.y + area.h - top) / row_h);
    std::size_t i = 1;
    for (int row = 0; row < rows && i < calls.size(); ++row, ++i) {
        const Rect cell{area.x, top + row * row_h, area.w, row_h - s.gap};
        c.fill(cell, pal.panel.bg);
        ui::draw_at_cap(c, calls[i].number, cell.x + s.margin, cell.y + pad, s.number,
                        pal.panel.fg);
        const int text_w = cell.w - number_w - 2 * s.margin;
        const auto counter =
            ui::fit_text(c, "→ " + calls[i].counter_label, text_w, 1, s.number, s.body.px);
        ui::draw_at_cap(c, counter.lines.front(), cell.x + s.margin + number_w,
                        cell.y + (cell.h - ui::cap_px(counter.font)) / 2, counter.font,
                        pal.panel.fg);
    }
    return top + static_cast<int>(i - 1) * row_h - area.y;
}

struct StateWords {
    const char* fr;
    const char* en;
};

std::optional<StateWords> closed_words(const std::string& state) {
    if (state == "closed") return StateWords{"Fermé", "Closed"};
    if (state == "cutoff")
        return StateWords{"Plus de tickets aujourd'hui", "No more tickets today"};
    if (state == "full") return StateWords{"Salle d'attente pleine", "Waiting room full"};
    return std::nullopt;
}

struct ServiceCard {
    ui::FittedText fr, en, count, state;
    std::string wait;
    int right_w = 0;
    int height = 0;
    bool closed = false;
};

// `compact` drops the waiting count so that every service fits on the screen.
ServiceCard layout_card(Canvas& c, const protocol::BoardService& service, const Sizes& s,
                        Font wait_font, int width, bool compact) {
    ServiceCard card;
    const auto words = closed_words(service.state);
    card.closed = words.has_value();
    // An open service has its wait on the right; any other has a written state below.
    card.wait = ui::wait_text(service.estimated_wait_s);
    card.right_w = card.closed ? 0 : c.text_width(card.wait, wait_font) + s.margin;
    const int text_w = width - card.right_w - 2 * s.margin;
    card.fr = ui::fit_text(c, service.label.fr, text_w, 2, s.body_bold, s.body.px);
    card.en = ui::fit_text(c, service.label.en, text_w, 1, s.body, s.body.px);
    if (!compact && service.state != "closed") {
        const std::string n = std::to_string(service.waiting);
        card.count =
            ui::fit_text(c, n + " en attente · " + n + " waiting", text_w, 1, s.body, s.body.px);
    }
    if (words) {
        card.state = ui::fit_text(c, std::string(words->fr) + " · " + words->en,
                                  width - 4 * s.margin, 2, s.body_bold, s.body.px);
    }
    const int line_h = c.line_height(s.body);
    const int lines =
        static_cast<int>(card.fr.lines.size() + card.en.lines.size() + card.count.lines.size());
    const int state_h =
        card.closed ? static_cast<int>(card.state.lines.size()) * line_h + 3 * s.gap : 0;
    card.height = lines * line_h + state_h + 2 * s.gap;
    return card;
}

void draw_services(Canvas& c, const BoardModel& m, const ui::Theme& t, const Sizes& s, Rect area) {
    const auto& pal = t.palette;
    ui::draw_line(c, "Attente estimée · Estimated wait", area.x, area.y, area.w, Align::left,
                  s.title, pal.page_muted.fg);
    const int top = area.y + c.line_height(s.title);
    const Font wait_font{s.body.px * 5 / 4, true};
    const int line_h = c.line_height(s.body);
    if (m.state.services.empty()) {
        // Before the first state/board (start-up, broker away): say so rather than show nothing.
        const auto waiting = ui::fit_text(c, "Informations en attente · Waiting for information",
                                          area.w, 2, s.body, s.body.px);
        ui::draw_fitted(c, waiting, area.x, top, area.w, Align::left, pal.page_muted.fg);
        return;
    }
    std::vector<ServiceCard> cards;
    for (bool compact : {false, true}) {
        cards.clear();
        int total = 0;
        for (const auto& service : m.state.services) {
            cards.push_back(layout_card(c, service, s, wait_font, area.w, compact));
            total += cards.back().height + s.gap;
        }
        if (top + total <= area.y + area.h) break;
    }
    int y = top;
    std::size_t shown = 0;
    for (const auto& card : cards) {
        // Keep a line to say how many services could not be shown, if any remain.
        const int reserve = shown + 1 < cards.size() ? line_h : 0;
        if (y + card.height + reserve > area.y + area.h) break;
        const Rect r{area.x, y, area.w, card.height};
        c.fill(r, pal.panel.bg);
        const int text_w = r.w - card.right_w - 2 * s.margin;
        int ty = r.y + s.gap;
        ty += ui::draw_fitted(c, card.fr, r.x + s.margin, ty, text_w, Align::left, pal.panel.fg);
        ty += ui::draw_fitted(c, card.en, r.x + s.margin, ty, text_w, Align::left,
                              pal.panel_muted.fg);
        ty += ui::draw_fitted(c, card.count, r.x + s.margin, ty, text_w, Align::left,
                              pal.panel_muted.fg);
        if (card.closed) {
            const Rect pill{r.x + s.margin, ty + s.gap / 2, r.w - 2 * s.margin,
                            static_cast<int>(card.state.lines.size()) * line_h + 2 * s.gap};
            c.fill(pill, pal.warning.bg);
            ui::draw_fitted(c, card.state, pill.x + s.margin, pill.y + s.gap, pill.w - 2 * s.margin,
                            Align::left, pal.warning.fg);
        } else {
            ui::draw_line(c, card.wait, r.x + r.w - card.right_w - s.margin, r.y + s.gap,
                          card.right_w, Align::right, wait_font, pal.panel.fg);
        }
        y += card.height + s.gap;
        ++shown;
    }
    if (shown < cards.size()) {
        const std::string more = std::to_string(cards.size() - shown);
        ui::draw_line(c, "+ " + more + " autres services · " + more + " more services", area.x, y,
                      area.w, Align::left, s.body, pal.page_muted.fg);
    }
}

void draw_footer(Canvas& c, const BoardModel& m, const ui::Theme& t, const Sizes& s, Rect area) {
    const auto& pal = t.palette;
    int badge_w = 0;
    if (m.connection_lost) {
        const std::string badge = "Connexion perdue · Connection lost";
        badge_w = c.text_width(badge, s.body) + 2 * s.margin;
        const Rect r{area.x + area.w - badge_w, area.y, badge_w, area.h};
        c.fill(r, pal.warning.bg);
        c.text(r.x + s.margin, r.y + (r.h - c.line_height(s.body)) / 2, badge, s.body,
               pal.warning.fg);
    }
    if (m.state.notice) {
        const std::string notice = both(m.state.notice->fr, m.state.notice->en);
        const int w = area.w - badge_w - s.margin;
        const auto fitted = ui::fit_text(c, notice, w - 2 * s.margin, 1, s.body, s.body.px);
        c.fill({area.x, area.y, w, area.h}, pal.warning.bg);
        ui::draw_fitted(c, fitted, area.x + s.margin, area.y + (area.h - c.line_height(s.body)) / 2,
                        w - 2 * s.margin, Align::left, pal.warning.fg);
    }
}

}  // namespace

void draw(ui::Canvas& canvas, const BoardModel& model, const ui::Theme& theme,
          Clock::time_point now) {
    const Sizes s = sizes_for(theme);
    const int W = canvas.width(), H = canvas.height();
    canvas.fill({0, 0, W, H}, theme.palette.page.bg);
    const int footer_h = canvas.line_height(s.body) + 2 * s.gap;
    const Rect inner{s.margin, s.margin, W - 2 * s.margin, H - 2 * s.margin};
    const int header_h = draw_header(canvas, model, theme, s, {inner.x, inner.y, inner.w, 0}, now);
    const int top = inner.y + header_h + s.margin;
    const int bottom = inner.y + inner.h - footer_h - s.margin;
    draw_footer(canvas, model, theme, s, {inner.x, bottom + s.margin, inner.w, footer_h});
    if (W >= H) {
        const int left_w = inner.w * 62 / 100;
        const Rect left{inner.x, top, left_w, bottom - top};
        const int used = draw_current_call(canvas, model, theme, s, left, now) + s.margin;
        draw_previous_calls(canvas, model, theme, s,
                            {left.x, left.y + used, left.w, left.h - used});
        const int right_x = inner.x + left_w + 2 * s.margin;
        draw_services(canvas, model, theme, s,
                      {right_x, top, inner.x + inner.w - right_x, bottom - top});
    } else {
        Rect area{inner.x, top, inner.w, bottom - top};
        const int used = draw_current_call(canvas, model, theme, s, area, now) + s.margin;
        area.y += used;
        area.h -= used;
        // Previous calls take at most 45 % of what is left; services the rest.
        const Rect calls_area{area.x, area.y, area.w, area.h * 45 / 100};
        const int calls_h = draw_previous_calls(canvas, model, theme, s, calls_area);
        const int services_y = area.y + (calls_h > 0 ? calls_h + s.margin : 0);
        draw_services(canvas, model, theme, s,
                      {area.x, services_y, area.w, area.y + area.h - services_y});
    }
}

Clock::time_point next_redraw(const BoardModel& model, Clock::time_point now) {
    const auto minute = std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds(1));
    Clock::time_point next = minute;
    if (model.newest_call_arrived && !model.state.calls.empty()) {
        const auto since =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - *model.newest_call_arrived);
        if (const auto step = ui::next_emphasis_change(since)) next = std::min(next, now + *step);
    }
    return next;
}

std::vector<ui::Font> call_fonts(const ui::Theme& theme) {
    return hero_sizes(sizes_for(theme));
}

}  // namespace guichet::display::board
