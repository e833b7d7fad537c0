#include "display/kiosk/kiosk.h"

#include <algorithm>
#include <cmath>

#include "display/ui/text_fit.h"
#include "display/ui/touch_page.h"

namespace guichet::display::kiosk {

using ui::Align;
using ui::Font;
using ui::Lang;
using ui::Rect;

namespace {

constexpr int kMaxPerPage = 8;
constexpr double kBarMm = 26;      // bottom bar buttons: >= 20 mm
constexpr double kServiceMm = 34;  // a service button: label and wait
constexpr double kServiceAccessibleMm = 44;

using ui::tr;

int mm(double v, double px_per_mm) {
    return ui::mm_to_px(v, px_per_mm);
}

bool can_choose(const protocol::BoardService& s) {
    return s.state == "open";
}

// The French home page in standard mode: nothing to time out.
bool at_rest(const KioskModel& m) {
    return m.page == Page::home && m.lang == Lang::fr && !m.accessible && !m.priority &&
           m.page_index == 0 && !m.idle_warning;
}

// The service buttons above, the bar (language / accessibility / priority) below.
ui::TouchPage regions(const KioskModel& m, int width, int height, double ppm) {
    return ui::touch_page(width, height, ppm, m.accessible ? kBarMm * 1.25 : kBarMm, height / 5,
                          m.accessible);
}

int columns_for(int width, int height) {
    return width > height ? 2 : 1;
}

}  // namespace

namespace {

int rows_in(int height, int button_h, int gap) {
    return std::max(1, (height + gap) / (button_h + gap));
}

}  // namespace

int services_per_page(const KioskModel& m, int width, int height, double ppm) {
    const ui::TouchPage r = regions(m, width, height, ppm);
    const int button_h = mm(m.accessible ? kServiceAccessibleMm : kServiceMm, ppm);
    const int columns = columns_for(width, height);
    const int all = std::min(kMaxPerPage, rows_in(r.choices.h, button_h, r.gap) * columns);
    if (static_cast<int>(m.services.size()) <= all) return all;
    // Paged: the page buttons take a row of their own.
    const int nav_h = mm(kBarMm, ppm);
    return std::min(kMaxPerPage, rows_in(r.choices.h - nav_h - r.gap, button_h, r.gap) * columns);
}

std::vector<Button> layout(const KioskModel& m, int width, int height, double ppm) {
    std::vector<Button> buttons;
    const ui::TouchPage r = regions(m, width, height, ppm);
    const int gap = r.gap;
    if (m.idle_warning) {
        const int h = mm(kBarMm * 1.5, ppm);
        buttons.push_back(
            {{r.bar.x, height * 3 / 4 - h / 2, r.bar.w, h}, Action::still_here, {}, true});
        return buttons;
    }
    switch (m.page) {
        case Page::issuing:
            return buttons;
        case Page::ticket:
        case Page::refused:
            buttons.push_back({r.bar, Action::back_home, {}, true});
            return buttons;
        case Page::home:
            break;
    }
    // Bottom bar: language, accessibility, priority, three equal buttons.
    const int bar_w = (r.bar.w - 2 * gap) / 3;
    const Action bar_actions[] = {Action::switch_language, Action::toggle_accessible,
                                  Action::toggle_priority};
    for (int i = 0; i < 3; ++i) {
        buttons.push_back(
            {{r.bar.x + i * (bar_w + gap), r.bar.y, bar_w, r.bar.h}, bar_actions[i], {}, true});
    }
    // Service buttons, paginated; the page row takes the last row when needed.
    const int columns = columns_for(width, height);
    const int per_page = services_per_page(m, width, height, ppm);
    const int count = static_cast<int>(m.services.size());
    Rect area = r.choices;
    if (count > per_page) {
        const int nav_h = mm(kBarMm, ppm);
        const int nav_y = area.y + area.h - nav_h;
        const int nav_w = (area.w - gap) / 2;
        const int pages = (count + per_page - 1) / per_page;
        buttons.push_back(
            {{area.x, nav_y, nav_w, nav_h}, Action::previous_page, {}, m.page_index > 0});
        buttons.push_back({{area.x + nav_w + gap, nav_y, nav_w, nav_h},
                           Action::next_page,
                           {},
                           m.page_index + 1 < pages});
        area.h -= nav_h + gap;
    }
    const int first = std::min(count, m.page_index * per_page);
    const int shown = std::min(per_page, count - first);
    const int rows = std::max(1, (per_page + columns - 1) / columns);
    const int button_w = (area.w - (columns - 1) * gap) / columns;
    const int max_h = mm(m.accessible ? kServiceAccessibleMm * 1.4 : kServiceMm * 1.4, ppm);
    const int button_h = std::min(max_h, (area.h - (rows - 1) * gap) / rows);
    for (int i = 0; i < shown; ++i) {
        const auto& s = m.services[first + i];
        const Rect rect{area.x + (i % columns) * (button_w + gap),
                        area.y + (i / columns) * (button_h + gap), button_w, button_h};
        buttons.push_back({rect, Action::choose_service, s.id, can_choose(s)});
    }
    return buttons;
}

ui::Theme kiosk_theme(const KioskModel& m, const ui::Theme& base) {
    return m.accessible ? ui::accessible_theme(base) : base;
}

namespace {

std::string service_label(const protocol::BoardService& s, Lang lang) {
    return lang == Lang::fr || s.label.en.empty() ? s.label.fr : s.label.en;
}

std::string state_reason(const protocol::BoardService& s, Lang lang) {
    if (s.state == "closed") return tr(lang, "Fermé", "Closed");
    if (s.state == "cutoff")
        return tr(lang, "Plus de tickets aujourd'hui", "No more tickets today");
    if (s.state == "full") return tr(lang, "Salle d'attente pleine", "Waiting room full");
    return std::string(tr(lang, "Attente ", "Wait ")) + ui::wait_text(s.estimated_wait_s);
}

std::string ahead_text(int ahead, Lang lang) {
    if (ahead == 0) return tr(lang, "Personne avant vous", "No one ahead of you");
    if (ahead == 1) return tr(lang, "1 personne avant vous", "1 person ahead of you");
    return std::to_string(ahead) + tr(lang, " personnes avant vous", " people ahead of you");
}

std::string bar_label(Action a, const KioskModel& m) {
    switch (a) {
        case Action::switch_language:
            return ui::language_switch_label(m.lang);
        case Action::toggle_accessible:
            return ui::accessibility_label(m.lang, m.accessible);
        case Action::toggle_priority:
            return m.priority ? tr(m.lang, "Ticket normal", "Standard ticket")
                              : tr(m.lang, "Ticket prioritaire", "Priority ticket");
        case Action::previous_page:
            return tr(m.lang, "‹ Précédents", "‹ Previous");
        case Action::next_page:
            return tr(m.lang, "Suivants ›", "More ›");
        case Action::back_home:
            return m.page == Page::ticket ? tr(m.lang, "Terminé", "Done")
                                          : tr(m.lang, "Retour", "Back");
        case Action::still_here:
            return tr(m.lang, "Je suis là", "I am still here");
        case Action::choose_service:
            break;
    }
    return {};
}

const protocol::BoardService* find_service(const KioskModel& m, const std::string& id) {
    for (const auto& s : m.services) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

struct Painter {
    ui::Canvas& c;
    const KioskModel& m;
    const ui::Theme& t;
    Font body, label, title, huge;
    int pad;

    void centered(const std::string& text, Rect r, Font f, ui::Color color, int max_lines = 2) {
        // No more lines than the box can hold at this size.
        max_lines = std::clamp((r.h - pad) / c.line_height(f), 1, max_lines);
        const auto fitted = ui::fit_text(c, text, r.w - 2 * pad, max_lines, f, body.px);
        const int h = static_cast<int>(fitted.lines.size()) * c.line_height(fitted.font);
        ui::draw_fitted(c, fitted, r.x + pad, r.y + (r.h - h) / 2, r.w - 2 * pad, Align::center,
                        color);
    }

    void button(const Button& b) {
        const ui::Ink& ink = b.enabled
                                 ? (b.action == Action::back_home || b.action == Action::still_here
                                        ? t.palette.action
                                        : t.palette.button)
                                 : t.palette.button_off;
        c.fill(b.rect, ink.bg);
        if (b.action != Action::choose_service) {
            // A selected toggle is outlined as well as relabelled.
            const bool on = (b.action == Action::toggle_priority && m.priority) ||
                            (b.action == Action::toggle_accessible && m.accessible);
            if (on) c.frame(b.rect, ink.fg, std::max(3, pad / 3));
            centered(bar_label(b.action, m), b.rect, label, ink.fg);
            return;
        }
        const auto* s = find_service(m, b.service);
        if (!s) return;
        const int inner_w = b.rect.w - 2 * pad;
        const auto name = ui::fit_text(c, service_label(*s, m.lang), inner_w, 2, label, body.px);
        const auto reason = ui::fit_text(c, state_reason(*s, m.lang), inner_w, 1, body, body.px);
        const int h = static_cast<int>(name.lines.size()) * c.line_height(name.font) +
                      c.line_height(reason.font);
        int y = b.rect.y + (b.rect.h - h) / 2;
        y += ui::draw_fitted(c, name, b.rect.x + pad, y, inner_w, Align::left, ink.fg);
        if (!b.enabled) {
            // Not by colour alone: the reason is written, with a cross.
            const auto crossed =
                ui::fit_text(c, "✕ " + state_reason(*s, m.lang), inner_w, 1, body, body.px);
            ui::draw_fitted(c, crossed, b.rect.x + pad, y, inner_w, Align::left, ink.fg);
        } else {
            ui::draw_fitted(c, reason, b.rect.x + pad, y, inner_w, Align::left, ink.fg);
        }
    }
};

}  // namespace

void draw(ui::Canvas& canvas, const KioskModel& m, const ui::Theme& base, Clock::time_point) {
    const ui::Theme t = kiosk_theme(m, base);
    const int W = canvas.width(), H = canvas.height();
    const double ppm = t.text.px_per_mm;
    Painter p{canvas,
              m,
              t,
              // Arm's length, standing: larger than the legibility floor.
              {t.text.body_px * 7 / 5, false},
              {t.text.body_px * 2, true},
              {t.text.body_px * 5 / 2, true},
              {t.text.body_px * 7, true},
              mm(4, ppm)};
    const auto& pal = t.palette;
    canvas.fill({0, 0, W, H}, pal.page.bg);
    const int margin = mm(ui::kTouchMarginMm, ppm);
    const Rect top{margin, margin, W - 2 * margin, H / 2 - 2 * margin};
    int y = top.y;
    if (!m.site_name.empty()) {
        ui::draw_line(canvas, m.site_name, top.x, y, top.w, Align::left, p.body, pal.page_muted.fg);
        y += canvas.line_height(p.body) + p.pad;
    }
    const auto buttons = layout(m, W, H, ppm);
    switch (m.page) {
        case Page::home: {
            const std::string title =
                m.priority ? tr(m.lang, "Ticket prioritaire : choisissez votre service",
                                "Priority ticket: choose your service")
                           : tr(m.lang, "Choisissez votre service", "Choose your service");
            const auto fitted = ui::fit_text(canvas, title, top.w, 2, p.title, p.body.px);
            y += ui::draw_fitted(canvas, fitted, top.x, y, top.w, Align::left, pal.page.fg);
            if (m.priority) {
                const auto who =
                    ui::fit_text(canvas,
                                 tr(m.lang,
                                    "Personnes handicapées, femmes enceintes, personnes âgées ou "
                                    "accompagnées d'un enfant en bas âge.",
                                    "People with disabilities, pregnant women, elderly people or "
                                    "with a young child."),
                                 top.w, 3, p.body, p.body.px);
                ui::draw_fitted(canvas, who, top.x, y + p.pad, top.w, Align::left,
                                pal.page_muted.fg);
            }
            break;
        }
        case Page::issuing:
            p.centered(tr(m.lang, "Un instant, votre ticket arrive…",
                          "One moment, your ticket is coming…"),
                       {0, H / 3, W, H / 3}, p.title, pal.page.fg);
            break;
        case Page::ticket: {
            const auto& ticket = *m.outcome.ticket;
            const int text_w = W - 2 * margin - 2 * p.pad;
            std::vector<std::string> lines;
            if (const auto* s = find_service(m, ticket.service))
                lines.push_back(service_label(*s, m.lang));
            if (ticket.priority)
                lines.push_back(tr(m.lang, "Ticket prioritaire", "Priority ticket"));
            lines.push_back(ahead_text(ticket.ahead, m.lang));
            lines.push_back(std::string(tr(m.lang, "Attente estimée ", "Estimated wait ")) +
                            ui::wait_text(ticket.estimated_wait_s));
            std::vector<ui::FittedText> fitted;
            int content_h = canvas.line_height(p.label) + canvas.line_height(p.huge);
            for (const auto& line : lines) {
                fitted.push_back(ui::fit_text(canvas, line, text_w, 2, p.label, p.body.px));
                content_h += static_cast<int>(fitted.back().lines.size()) *
                             canvas.line_height(fitted.back().font);
            }
            fitted.push_back(
                ui::fit_text(canvas,
                             tr(m.lang, "Votre numéro sera affiché à l'écran et annoncé.",
                                "Your number will be shown on the screen and announced."),
                             text_w, 3, p.body, p.body.px));
            content_h += static_cast<int>(fitted.back().lines.size()) * canvas.line_height(p.body) +
                         3 * p.pad;
            const Rect card{margin, y + p.pad, W - 2 * margin, content_h};
            canvas.fill(card, pal.panel.bg);
            int cy = card.y + p.pad;
            ui::draw_line(canvas, tr(m.lang, "Votre ticket", "Your ticket"), card.x, cy, card.w,
                          Align::center, p.label, pal.panel_muted.fg);
            cy += canvas.line_height(p.label);
            ui::draw_line(canvas, ticket.number, card.x, cy, card.w, Align::center, p.huge,
                          pal.panel.fg);
            cy += canvas.line_height(p.huge);
            for (std::size_t i = 0; i < fitted.size(); ++i) {
                const bool last = i + 1 == fitted.size();
                if (last) cy += p.pad;
                cy += ui::draw_fitted(canvas, fitted[i], card.x + p.pad, cy, text_w, Align::center,
                                      last ? pal.panel_muted.fg : pal.panel.fg);
            }
            break;
        }
        case Page::refused: {
            std::string message;
            if (m.outcome.error) {
                message = m.outcome.error->message;
            } else if (m.outcome.ticket) {
                message =
                    tr(m.lang, "Le ticket n'a pas pu être imprimé. Adressez-vous à l'accueil.",
                       "The ticket could not be printed. Please ask at the reception desk.");
            } else {
                message =
                    tr(m.lang, "Le service ne répond pas. Réessayez ou adressez-vous à l'accueil.",
                       "The system is not answering. Try again or ask at the reception desk.");
            }
            const int text_w = W - 2 * margin - 2 * p.pad;
            const auto m1 = ui::fit_text(canvas, message, text_w, 4, p.title, p.body.px);
            std::optional<ui::FittedText> m2;
            if (m.outcome.advice)
                m2 = ui::fit_text(canvas, *m.outcome.advice, text_w, 4, p.label, p.body.px);
            const int h =
                static_cast<int>(m1.lines.size()) * canvas.line_height(m1.font) +
                (m2 ? static_cast<int>(m2->lines.size()) * canvas.line_height(m2->font) + p.pad
                    : 0);
            const Rect card{margin, y + p.pad, W - 2 * margin, h + 2 * p.pad};
            canvas.fill(card, pal.warning.bg);
            const int cy = card.y + p.pad +
                           ui::draw_fitted(canvas, m1, card.x + p.pad, card.y + p.pad, text_w,
                                           Align::left, pal.warning.fg);
            if (m2)
                ui::draw_fitted(canvas, *m2, card.x + p.pad, cy + p.pad, text_w, Align::left,
                                pal.warning.fg);
            break;
        }
    }
    if (m.idle_warning) {
        const Rect box{margin, H / 3, W - 2 * margin, H / 4};
        canvas.fill(box, pal.warning.bg);
        p.centered(tr(m.lang, "Êtes-vous toujours là ? Touchez l'écran pour continuer.",
                      "Are you still there? Touch the screen to continue."),
                   box, p.title, pal.warning.fg, 3);
    }
    for (const auto& b : buttons) p.button(b);
    if (m.connection_lost) {
        ui::draw_badge(canvas, tr(m.lang, "Connexion perdue", "Connection lost"), W - margin,
                       margin / 2, p.pad, p.body, pal.warning.fg, pal.warning.bg);
    }
}

Kiosk::Kiosk(int width, int height, double px_per_mm, KioskOptions options)
    : width_(width), height_(height), px_per_mm_(px_per_mm), options_(options) {}

void Kiosk::set_allowed_services(std::vector<std::string> ids) {
    allowed_ = std::move(ids);
}
void Kiosk::set_site_name(std::string name) {
    model_.site_name = std::move(name);
}

bool Kiosk::on_board(const protocol::BoardState& board) {
    model_.services.clear();
    for (const auto& s : board.services) {
        if (allowed_.empty() ||
            std::find(allowed_.begin(), allowed_.end(), s.id) != allowed_.end()) {
            model_.services.push_back(s);
        }
    }
    if (model_.site_name.empty()) model_.site_name = board.site_name;
    const int pages =
        std::max<int>(1, (static_cast<int>(model_.services.size()) +
                          services_per_page(model_, width_, height_, px_per_mm_) - 1) /
                             services_per_page(model_, width_, height_, px_per_mm_));
    model_.page_index = std::min(model_.page_index, pages - 1);
    return true;
}

bool Kiosk::set_connection_lost(bool lost) {
    if (model_.connection_lost == lost) return false;
    model_.connection_lost = lost;
    return true;
}

void Kiosk::reset_home() {
    model_.page = Page::home;
    model_.lang = ui::Lang::fr;
    model_.accessible = false;
    model_.priority = false;
    model_.page_index = 0;
    model_.idle_warning = false;
    model_.outcome = {};
}

std::optional<protocol::TicketTake> Kiosk::on_touch(int x, int y, Clock::time_point now) {
    last_touch_ = now;
    if (model_.idle_warning) {
        // Any touch means someone is there; it does nothing else.
        model_.idle_warning = false;
        return std::nullopt;
    }
    for (const auto& b : layout(model_, width_, height_, px_per_mm_)) {
        if (!b.rect.contains(x, y) || !b.enabled) continue;
        switch (b.action) {
            case Action::choose_service: {
                model_.page = Page::issuing;
                page_since_ = now;
                return protocol::TicketTake{b.service, model_.priority,
                                            model_.lang == ui::Lang::fr ? "fr" : "en"};
            }
            case Action::previous_page:
                --model_.page_index;
                break;
            case Action::next_page:
                ++model_.page_index;
                break;
            case Action::switch_language:
                model_.lang = model_.lang == ui::Lang::fr ? ui::Lang::en : ui::Lang::fr;
                break;
            case Action::toggle_accessible:
                model_.accessible = !model_.accessible;
                model_.page_index = 0;
                break;
            case Action::toggle_priority:
                model_.priority = !model_.priority;
                break;
            case Action::back_home: {
                // Back home keeps the visitor's language and mode; only idleness resets them.
                model_.page = Page::home;
                model_.priority = false;
                model_.outcome = {};
                break;
            }
            case Action::still_here:
                break;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

bool Kiosk::on_issued(IssueOutcome outcome, Clock::time_point now) {
    model_.outcome = std::move(outcome);
    model_.page = model_.outcome.ticket && model_.outcome.delivered ? Page::ticket : Page::refused;
    page_since_ = now;
    last_touch_ = now;
    return true;
}

bool Kiosk::tick(Clock::time_point now) {
    if (model_.page == Page::issuing) return false;  // waiting for the issuer, never interrupted
    if (model_.page == Page::ticket && now - page_since_ >= options_.ticket_shown &&
        now - last_touch_ >= options_.ticket_shown) {
        reset_home();
        return true;
    }
    if (at_rest(model_)) return false;
    if (!model_.idle_warning && now - last_touch_ >= options_.idle_warning) {
        model_.idle_warning = true;
        return true;
    }
    if (model_.idle_warning && now - last_touch_ >= options_.idle_warning + options_.idle_reset) {
        reset_home();
        return true;
    }
    return false;
}

Clock::time_point Kiosk::next_deadline() const {
    if (at_rest(model_) || model_.page == Page::issuing) return Clock::time_point::max();
    if (model_.page == Page::ticket)
        return std::max(page_since_, last_touch_) + options_.ticket_shown;
    if (model_.idle_warning) return last_touch_ + options_.idle_warning + options_.idle_reset;
    return last_touch_ + options_.idle_warning;
}

}  // namespace guichet::display::kiosk
