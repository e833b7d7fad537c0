#include "display/counter/counter.h"

#include <algorithm>
#include <cmath>

#include "display/ui/text_fit.h"
#include "display/ui/words.h"

namespace guichet::display::counter {

using ui::Align;
using ui::Font;
using ui::Rect;

namespace {

constexpr double kGapMm = 6;
constexpr double kMarginMm = 5;
constexpr double kButtonMm = 22;

int mm(double v, double ppm) {
    return ui::mm_to_px(v, ppm);
}

bool has_current(const CounterModel& m) {
    return m.view && m.view->current.has_value();
}
bool is_open(const CounterModel& m) {
    return m.view && m.view->state == "open";
}

std::string state_words(const std::string& state) {
    if (state == "open") return "Ouvert";
    if (state == "paused") return "En pause";
    return "Fermé";
}

std::string current_words(const std::string& state) {
    return state == "serving" ? "En cours" : "Appelé";
}

const protocol::BoardService* find_service(const CounterModel& m, const std::string& id) {
    for (const auto& s : m.services) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

std::string service_name(const CounterModel& m, const std::string& id) {
    if (m.view) {
        for (const auto& q : m.view->queues) {
            if (q.service == id) return q.label.fr;
        }
    }
    if (const auto* s = find_service(m, id)) return s->label.fr;
    return id;
}

std::string label_of(const Button& b, const CounterModel& m) {
    switch (b.action) {
        case Action::next:
            return "Suivant";
        case Action::recall:
            return "Rappeler";
        case Action::no_show:
            return "Absent";
        case Action::transfer:
            return "Transférer";
        case Action::finish:
            return "Terminer";
        case Action::pause_or_open:
            return is_open(m) ? "Pause" : "Ouvrir";
        case Action::transfer_to:
            return service_name(m, b.service);
        case Action::cancel_transfer:
            return "Annuler";
    }
    return {};
}

}  // namespace

std::vector<Button> layout(const CounterModel& m, int width, int height, double ppm) {
    const int margin = mm(kMarginMm, ppm), gap = mm(kGapMm, ppm), button_h = mm(kButtonMm, ppm);
    std::vector<Button> buttons;
    const bool idle = !m.busy && m.view.has_value();
    if (m.choosing_transfer) {
        // One button per other service, then Annuler, in rows of three over the lower part.
        std::vector<std::string> targets;
        const std::string from = has_current(m) ? m.view->current->service : std::string();
        for (const auto& s : m.services) {
            if (s.id != from && s.state != "closed") targets.push_back(s.id);
        }
        const int columns = 3;
        const int w = (width - 2 * margin - (columns - 1) * gap) / columns;
        const int total = static_cast<int>(targets.size()) + 1;
        const int rows = (total + columns - 1) / columns;
        int y = height - margin - rows * button_h - (rows - 1) * gap;
        for (int i = 0; i < total; ++i) {
            const Rect r{margin + (i % columns) * (w + gap), y + (i / columns) * (button_h + gap),
                         w, button_h};
            if (i < static_cast<int>(targets.size())) {
                buttons.push_back({r, Action::transfer_to, targets[i], idle});
            } else {
                buttons.push_back({r, Action::cancel_transfer, {}, true});
            }
        }
        return buttons;
    }
    const Action actions[] = {Action::next,     Action::recall, Action::no_show,
                              Action::transfer, Action::finish, Action::pause_or_open};
    // Two rows of three: labels stay whole at a legible size on a 10-inch screen.
    const int count = 6, columns = 3;
    const int w = (width - 2 * margin - (columns - 1) * gap) / columns;
    const int y = height - margin - 2 * button_h - gap;
    const bool current = has_current(m);
    for (int i = 0; i < count; ++i) {
        bool enabled = idle;
        switch (actions[i]) {
            case Action::next:
                enabled = enabled && is_open(m);
                break;
            case Action::no_show:
                enabled = enabled && current && m.view->current->state == "called";
                break;
            case Action::recall:
            case Action::transfer:
            case Action::finish:
                enabled = enabled && current;
                break;
            default:
                break;
        }
        buttons.push_back({{margin + (i % columns) * (w + gap),
                            y + (i / columns) * (button_h + gap), w, button_h},
                           actions[i],
                           {},
                           enabled});
    }
    return buttons;
}

namespace {

struct Sizes {
    Font body, bold, title, number;
    int pad;
};

Sizes sizes(const ui::Theme& t) {
    const int body = t.text.body_px;
    return {{body, false},
            {body, true},
            {body * 3 / 2, true},
            {std::max(t.text.number_px, body * 4), true},
            mm(3, t.text.px_per_mm)};
}

}  // namespace

void draw(ui::Canvas& c, const CounterModel& m, const ui::Theme& t, Clock::time_point now) {
    const auto& pal = t.palette;
    const Sizes s = sizes(t);
    const double ppm = t.text.px_per_mm;
    const int W = c.width(), H = c.height();
    const int margin = mm(kMarginMm, ppm), gap = mm(kGapMm, ppm);
    c.fill({0, 0, W, H}, pal.page.bg);
    // Top line: counter, state, agent, clock.
    const std::string clock = ui::local_clock(now, m.timezone);
    ui::draw_line(c, clock, margin, margin, W - 2 * margin, Align::right, s.title, pal.page.fg);
    std::string heading = "Guichet";
    if (m.view) {
        heading = (m.view->label.empty() ? "Guichet " + m.view->counter : m.view->label) + " — " +
                  state_words(m.view->state);
        if (m.view->agent) heading += " — " + m.view->agent->name;
    }
    const int clock_w = c.text_width(clock, s.title) + margin;
    const int head_w = W - 2 * margin - clock_w;
    if (m.message || m.connection_lost || m.busy) {
        // Feedback on the last action replaces the heading until the next one.
        const std::string text = m.connection_lost ? "Connexion perdue — reconnexion automatique"
                                 : m.busy          ? "Envoi en cours…"
                                                   : *m.message;
        c.fill({margin, margin, head_w, c.line_height(s.title)}, pal.warning.bg);
        const auto fitted = ui::fit_text(c, text, head_w - 2 * s.pad, 1, s.bold, s.body.px);
        ui::draw_fitted(c, fitted, margin + s.pad,
                        margin + (c.line_height(s.title) - c.line_height(fitted.font)) / 2,
                        head_w - 2 * s.pad, Align::left, pal.warning.fg);
    } else {
        const auto head = ui::fit_text(c, heading, head_w, 1, s.title, s.body.px);
        ui::draw_fitted(c, head, margin, margin, head_w, Align::left, pal.page.fg);
    }
    const auto buttons = layout(m, W, H, ppm);
    const int top = margin + c.line_height(s.title) + gap;
    int bottom = H - margin;
    for (const auto& b : buttons) bottom = std::min(bottom, b.rect.y - gap);
    // Left: the current ticket. Right: this counter's queues.
    const int left_w = (W - 2 * margin - gap) * 55 / 100;
    const Rect left{margin, top, left_w, bottom - top};
    const Rect right{margin + left_w + gap, top, W - 2 * margin - left_w - gap, bottom - top};
    c.fill(left, pal.panel.bg);
    int y = left.y + s.pad;
    const int inner = left.w - 2 * s.pad;
    if (m.choosing_transfer) {
        const auto fitted = ui::fit_text(
            c,
            "Transférer " + (has_current(m) ? m.view->current->number : std::string()) +
                " vers quel service ? (en fin de file)",
            inner, 3, s.title, s.body.px);
        ui::draw_fitted(c, fitted, left.x + s.pad, y, inner, Align::left, pal.panel.fg);
    } else if (has_current(m)) {
        const auto& cur = *m.view->current;
        ui::draw_line(c, current_words(cur.state), left.x + s.pad, y, inner, Align::left, s.bold,
                      pal.panel_muted.fg);
        y += c.line_height(s.bold);
        ui::draw_line(c, cur.number, left.x + s.pad, y, inner, Align::left, s.number, pal.panel.fg);
        y += c.line_height(s.number);
        const auto service =
            ui::fit_text(c, service_name(m, cur.service), inner, 2, s.title, s.body.px);
        y += ui::draw_fitted(c, service, left.x + s.pad, y, inner, Align::left, pal.panel.fg);
        std::string called;
        if (const auto at = ui::parse_iso_time(cur.called_at))
            called = " · appelé à " + ui::local_clock(*at, m.timezone);
        const auto waited = ui::fit_text(c, "A attendu " + ui::duration_text(cur.waited_s) + called,
                                         inner, 2, s.body, s.body.px);
        ui::draw_fitted(c, waited, left.x + s.pad, y + s.pad, inner, Align::left, pal.panel.fg);
    } else {
        const std::string idle =
            !m.view                     ? "En attente des données du guichet…"
            : m.view->state == "open"   ? "Aucun ticket en cours. Touchez « Suivant »."
            : m.view->state == "paused" ? "Guichet en pause. Touchez « Ouvrir » pour reprendre."
                                        : "Guichet fermé. Touchez « Ouvrir » pour commencer.";
        const auto fitted = ui::fit_text(c, idle, inner, 3, s.title, s.body.px);
        ui::draw_fitted(c, fitted, left.x + s.pad, y, inner, Align::left, pal.panel.fg);
    }
    c.fill(right, pal.panel.bg);
    y = right.y + s.pad;
    const int rinner = right.w - 2 * s.pad;
    ui::draw_line(c, "Files d'attente", right.x + s.pad, y, rinner, Align::left, s.bold,
                  pal.panel_muted.fg);
    y += c.line_height(s.bold) + s.pad;
    if (m.view) {
        for (const auto& q : m.view->queues) {
            if (y + 2 * c.line_height(s.body) > right.y + right.h) break;
            const auto name = ui::fit_text(c, q.label.fr, rinner, 1, s.bold, s.body.px);
            y += ui::draw_fitted(c, name, right.x + s.pad, y, rinner, Align::left, pal.panel.fg);
            const std::string detail =
                std::to_string(q.waiting) + " en attente" +
                (q.waiting > 0 ? " · max. " + ui::duration_text(q.longest_wait_s) : std::string());
            const auto d = ui::fit_text(c, detail, rinner, 1, s.body, s.body.px);
            y +=
                ui::draw_fitted(c, d, right.x + s.pad, y, rinner, Align::left, pal.panel_muted.fg) +
                s.pad;
        }
    }
    for (const auto& b : buttons) {
        const ui::Ink& ink = !b.enabled                 ? pal.button_off
                             : b.action == Action::next ? pal.action
                                                        : pal.button;
        c.fill(b.rect, ink.bg);
        const Font label{s.body.px * 6 / 5, true};
        const auto fitted =
            ui::fit_text(c, label_of(b, m), b.rect.w - 2 * s.pad, 2, label, s.body.px);
        const int h = static_cast<int>(fitted.lines.size()) * c.line_height(fitted.font);
        ui::draw_fitted(c, fitted, b.rect.x + s.pad, b.rect.y + (b.rect.h - h) / 2,
                        b.rect.w - 2 * s.pad, Align::center, ink.fg);
        if (!b.enabled) {
            // Not by colour alone: a disabled button also gets a thin outline.
            c.frame(b.rect, ink.fg, 1);
        }
    }
}

void draw_public(ui::Canvas& c, const CounterModel& m, const ui::Theme& t, Clock::time_point) {
    const auto& pal = t.palette;
    const Sizes s = sizes(t);
    const int W = c.width(), H = c.height();
    const int pad = s.pad * 2;
    const int text_w = W - 2 * pad;
    c.fill({0, 0, W, H}, pal.page.bg);
    const std::string label =
        m.view ? (m.view->label.empty() ? "Guichet " + m.view->counter : m.view->label)
               : std::string("Guichet");
    const bool open = is_open(m);
    std::string main = label;
    if (has_current(m)) main += " — " + m.view->current->number;
    // Lines of text, centred as a block: counter and ticket, state, agent, function.
    struct Line {
        ui::FittedText text;
        const ui::Ink* ink;
        bool band;
    };
    std::vector<Line> lines;
    lines.push_back(
        {ui::fit_text(c, main, text_w, 1, {std::max(t.text.number_px, H / 4), true}, s.title.px),
         open ? &pal.page : &pal.page_muted, false});
    if (!open && m.view) {
        const std::string closed = m.view->state == "paused"
                                       ? "Momentanément fermé · Temporarily closed"
                                       : "Fermé · Closed";
        lines.push_back({ui::fit_text(c, closed, text_w - 2 * s.pad, 1, s.title, s.body.px),
                         &pal.warning, true});
    }
    if (m.view && m.view->agent) {
        lines.push_back({ui::fit_text(c, m.view->agent->name, text_w, 1, s.title, s.body.px),
                         &pal.page, false});
        if (!m.view->agent->function.empty()) {
            lines.push_back({ui::fit_text(c, m.view->agent->function, text_w, 1, s.body, s.body.px),
                             &pal.page_muted, false});
        }
    }
    int total = 0;
    for (const auto& l : lines) total += c.line_height(l.text.font) + (l.band ? 3 * s.pad : 0);
    int y = std::max(pad, (H - total) / 2);
    for (const auto& l : lines) {
        const int h = c.line_height(l.text.font);
        if (l.band) {
            c.fill({pad, y + s.pad / 2, text_w, h + 2 * s.pad}, l.ink->bg);
            y += s.pad + s.pad / 2;
        }
        ui::draw_fitted(c, l.text, pad, y, text_w, Align::center, l.ink->fg);
        y += h + (l.band ? 2 * s.pad - s.pad / 2 : 0);
    }
}

Terminal::Terminal(int width, int height, double px_per_mm, std::string timezone)
    : width_(width), height_(height), px_per_mm_(px_per_mm) {
    model_.timezone = std::move(timezone);
}

bool Terminal::on_view(protocol::CounterView view) {
    if (model_.view && view.seq != 0 && view.seq < model_.view->seq)
        return false;  // an older retained copy
    model_.view = std::move(view);
    if (!model_.view->current) model_.choosing_transfer = false;
    return true;
}

bool Terminal::on_board(const protocol::BoardState& board) {
    model_.services = board.services;
    return true;
}

bool Terminal::set_connection_lost(bool lost) {
    if (model_.connection_lost == lost) return false;
    model_.connection_lost = lost;
    return true;
}

std::optional<protocol::Operation> Terminal::on_touch(int x, int y) {
    for (const auto& b : layout(model_, width_, height_, px_per_mm_)) {
        if (!b.rect.contains(x, y) || !b.enabled) continue;
        model_.message.reset();
        std::optional<protocol::Operation> op;
        switch (b.action) {
            case Action::next:
                op = protocol::CallNext{};
                break;
            case Action::recall:
                op = protocol::CallRecall{};
                break;
            case Action::no_show:
                op = protocol::TicketNoShow{};
                break;
            case Action::finish:
                op = protocol::TicketFinish{};
                break;
            case Action::pause_or_open:
                if (is_open(model_)) {
                    op = protocol::CounterPause{};
                } else {
                    op = protocol::CounterOpen{};
                }
                break;
            case Action::transfer:
                model_.choosing_transfer = true;
                break;
            case Action::transfer_to:
                model_.choosing_transfer = false;
                op = protocol::TicketTransfer{b.service, protocol::Position::back};
                break;
            case Action::cancel_transfer:
                model_.choosing_transfer = false;
                break;
        }
        if (op) model_.busy = true;
        return op;
    }
    return std::nullopt;
}

bool Terminal::on_reply(const std::optional<protocol::Reply>& reply) {
    model_.busy = false;
    if (!reply) {
        model_.message = "Pas de réponse du serveur : réessayez.";
    } else if (!reply->ok && reply->error) {
        model_.message = reply->error->message;
    } else {
        model_.message.reset();
        if (reply->counter) on_view(*reply->counter);
    }
    return true;
}

}  // namespace guichet::display::counter
