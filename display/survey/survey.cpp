#include "display/survey/survey.h"

#include <algorithm>

#include "display/ui/shapes.h"
#include "display/ui/text_fit.h"
#include "display/ui/touch_page.h"

namespace guichet::display::survey {

using ui::Align;
using ui::Font;
using ui::Lang;
using ui::Rect;
using ui::tr;

namespace {

constexpr double kBarMm = 24;     // language / accessibility / skip: >= 20 mm
constexpr double kTargetMm = 22;  // the smallest service button

int mm(double v, double ppm) {
    return ui::mm_to_px(v, ppm);
}

// The faces or the services above, the bar (language / accessibility / skip) below.
ui::TouchPage regions(const SurveyModel& m, int width, int height, double ppm) {
    return ui::touch_page(width, height, ppm, kBarMm, height / 4, m.accessible);
}

// Buttons of equal size in a grid filling `area`, row by row.
std::vector<Rect> grid(Rect area, int count, int columns, int gap) {
    const int rows = std::max(1, (count + columns - 1) / columns);
    const int w = (area.w - (columns - 1) * gap) / columns;
    const int h = (area.h - (rows - 1) * gap) / rows;
    std::vector<Rect> out;
    for (int i = 0; i < count; ++i)
        out.push_back(
            {area.x + (i % columns) * (w + gap), area.y + (i / columns) * (h + gap), w, h});
    return out;
}

int service_columns(int width, int height) {
    return width > height ? 3 : 2;
}

// As many services as fit at >= kTargetMm each (and never more than kMaxServices).
int services_shown(const SurveyModel& m, const ui::TouchPage& r, int width, int height,
                   double ppm) {
    const int rows = std::max(1, (r.choices.h + r.gap) / (mm(kTargetMm, ppm) + r.gap));
    return std::min(
        {static_cast<int>(m.services.size()), kMaxServices, rows * service_columns(width, height)});
}

std::string service_label(const protocol::BoardService& s, Lang lang) {
    return lang == Lang::fr || s.label.en.empty() ? s.label.fr : s.label.en;
}

std::string bar_label(const Button& b, const SurveyModel& m) {
    switch (b.action) {
        case Action::switch_language:
            return ui::language_switch_label(m.lang);
        case Action::toggle_accessible:
            return ui::accessibility_label(m.lang, m.accessible);
        case Action::skip_service:
            return tr(m.lang, "Passer", "Skip");
        case Action::choose_service:
            for (const auto& s : m.services) {
                if (s.id == b.service) return service_label(s, m.lang);
            }
            return b.service;
        case Action::vote:
            break;
    }
    return score_words(b.score, m.lang);
}

// A face for `score` 1..4 in `box`: a disc in `ink.fg`, eyes and mouth cut out
// in `ink.bg`; the mouth turns from a frown (1) to a broad smile (4).
void draw_face(ui::Canvas& c, Rect box, int score, const ui::Ink& ink) {
    const float r = static_cast<float>(std::min(box.w, box.h)) / 2;
    const ui::Point centre{static_cast<float>(box.x) + static_cast<float>(box.w) / 2,
                           static_cast<float>(box.y) + static_cast<float>(box.h) / 2};
    c.triangles(ui::disc(centre, r), ink.fg);
    for (float side : {-1.f, 1.f}) {
        c.triangles(ui::disc({centre.x + side * 0.34f * r, centre.y - 0.22f * r}, 0.11f * r),
                    ink.bg);
    }
    constexpr float kCurve[] = {-1.f, -0.4f, 0.4f, 1.f};
    const float curve = kCurve[std::clamp(score, 1, 4) - 1];
    const float depth = 0.26f * r, half_width = 0.48f * r;
    const float mouth_y = centre.y + 0.38f * r - curve * depth / 2;
    std::vector<ui::Point> mouth;
    for (int i = -8; i <= 8; ++i) {
        const float t = static_cast<float>(i) / 8;
        mouth.push_back({centre.x + t * half_width, mouth_y + curve * depth * (1 - t * t)});
    }
    c.triangles(ui::stroke(mouth, 0.11f * r), ink.bg);
}

struct Painter {
    ui::Canvas& c;
    const SurveyModel& m;
    const ui::Theme& t;
    Font body, label, title, huge;
    int min_px;  // the legibility floor of this screen
    int pad, gap;
    bool words_above;  // accessible mode, faces in one row

    void centered(const std::string& text, Rect r, Font f, ui::Color color, int max_lines) {
        // No more lines than the box can hold at this size.
        max_lines = std::clamp(r.h / c.line_height(f), 1, max_lines);
        const auto fitted = ui::fit_text(c, text, r.w - 2 * pad, max_lines, f, min_px);
        const int h = static_cast<int>(fitted.lines.size()) * c.line_height(fitted.font);
        ui::draw_fitted(c, fitted, r.x + pad, r.y + (r.h - h) / 2, r.w - 2 * pad, Align::center,
                        color);
    }

    void button(const Button& b) {
        const ui::Ink& ink = t.palette.button;
        c.fill(b.rect, ink.bg);
        if (b.action == Action::toggle_accessible && m.accessible)
            c.frame(b.rect, ink.fg, std::max(3, pad / 3));  // a selected toggle is outlined too
        if (b.action != Action::vote) {
            centered(bar_label(b, m), b.rect, label, ink.fg, 2);
            return;
        }
        // The face and its words are always drawn, so colour never carries the meaning. Two
        // lines are kept for the words of every face, so the four faces are one size.
        const int words_h = 2 * c.line_height(label);
        if (words_above) {
            // A single row in the lower half is too low for both: the words, which are not
            // touch targets, go just above their face.
            draw_face(c, {b.rect.x + pad, b.rect.y + pad, b.rect.w - 2 * pad, b.rect.h - 2 * pad},
                      b.score, ink);
            centered(score_words(b.score, m.lang),
                     {b.rect.x - gap / 2, b.rect.y - gap - words_h, b.rect.w + gap, words_h}, label,
                     t.palette.page.fg, 2);
            return;
        }
        const Rect face{b.rect.x + pad, b.rect.y + pad, b.rect.w - 2 * pad,
                        b.rect.h - words_h - 3 * pad};
        draw_face(c, face, b.score, ink);
        centered(score_words(b.score, m.lang), {b.rect.x, face.y + face.h + pad, b.rect.w, words_h},
                 label, ink.fg, 2);
    }
};

}  // namespace

std::string score_words(int score, Lang lang) {
    switch (score) {
        case 1:
            return tr(lang, "Très mécontent", "Very unhappy");
        case 2:
            return tr(lang, "Mécontent", "Unhappy");
        case 3:
            return tr(lang, "Satisfait", "Satisfied");
        default:
            return tr(lang, "Très satisfait", "Very satisfied");
    }
}

std::vector<Button> layout(const SurveyModel& m, int width, int height, double ppm) {
    std::vector<Button> buttons;
    if (m.page == Page::thanks) return buttons;  // the lock-out: nothing to press
    const ui::TouchPage r = regions(m, width, height, ppm);
    std::vector<Button> bar = {{{}, Action::switch_language, {}, 0},
                               {{}, Action::toggle_accessible, {}, 0}};
    if (m.page == Page::service) bar.push_back({{}, Action::skip_service, {}, 0});
    const auto bar_rects =
        grid(r.bar, static_cast<int>(bar.size()), static_cast<int>(bar.size()), r.gap);
    for (std::size_t i = 0; i < bar.size(); ++i) {
        bar[i].rect = bar_rects[i];
        buttons.push_back(bar[i]);
    }
    if (m.page == Page::faces) {
        const auto rects = grid(r.choices, 4, width > height ? 4 : 2, r.gap);
        for (int score = 1; score <= 4; ++score)
            buttons.push_back({rects[score - 1], Action::vote, {}, score});
        return buttons;
    }
    const int shown = services_shown(m, r, width, height, ppm);
    const int rows = std::max(1, (r.choices.h + r.gap) / (mm(kTargetMm, ppm) + r.gap));
    const int columns =
        std::max(1, std::min(service_columns(width, height), (shown + rows - 1) / rows));
    const auto rects = grid(r.choices, shown, columns, r.gap);
    for (int i = 0; i < shown; ++i)
        buttons.push_back({rects[i], Action::choose_service, m.services[i].id, 0});
    return buttons;
}

void draw(ui::Canvas& canvas, const SurveyModel& m, const ui::Theme& base) {
    const ui::Theme t = m.accessible ? ui::accessible_theme(base) : base;
    const int W = canvas.width(), H = canvas.height();
    const double ppm = t.text.px_per_mm;
    Painter p{canvas,
              m,
              t,
              // Arm's length, standing: larger than the legibility floor.
              {t.text.body_px * 6 / 5, false},
              {t.text.body_px * 7 / 5, true},
              {t.text.body_px * 2, true},
              {t.text.body_px * 4, true},
              t.text.body_px,
              mm(3, ppm),
              mm(ui::kTouchGapMm, ppm),
              m.accessible && W > H};
    const auto& pal = t.palette;
    canvas.fill({0, 0, W, H}, pal.page.bg);
    const ui::TouchPage r = regions(m, W, H, ppm);
    const int margin = r.margin;
    int y = margin;
    if (!m.site_name.empty()) {
        ui::draw_line(canvas, m.site_name, margin, y, W - 2 * margin, Align::left, p.body,
                      pal.page_muted.fg);
        y += canvas.line_height(p.body) + p.pad;
    }
    const int words_band =
        p.words_above && m.page == Page::faces ? 2 * canvas.line_height(p.label) + r.gap : 0;
    const Rect heading{margin, y, W - 2 * margin, r.choices.y - r.gap - words_band - y};
    switch (m.page) {
        case Page::service:
            p.centered(tr(m.lang, "Pour quel service êtes-vous venu\u00a0?",
                          "Which service did you come for?"),
                       heading, p.title, pal.page.fg, 3);
            break;
        case Page::faces:
            p.centered(tr(m.lang, "Êtes-vous satisfait de votre visite\u00a0?",
                          "Are you satisfied with your visit?"),
                       heading, p.title, pal.page.fg, 3);
            break;
        case Page::thanks: {
            const Rect card{margin, y + p.pad, W - 2 * margin, H - y - p.pad - margin};
            canvas.fill(card, pal.panel.bg);
            const int line = canvas.line_height(p.huge);
            ui::draw_line(canvas, tr(m.lang, "Merci\u00a0!", "Thank you!"), card.x, card.y + p.pad,
                          card.w, Align::center, p.huge, pal.panel.fg);
            const Rect face{card.x, card.y + 2 * p.pad + line, card.w, card.h / 4};
            draw_face(canvas, face, m.score, pal.panel);
            const Rect words{card.x, face.y + face.h + p.pad, card.w,
                             card.y + card.h - face.y - face.h - 2 * p.pad};
            std::string said = std::string(tr(m.lang, "Votre avis\u00a0: ", "Your answer: ")) +
                               score_words(m.score, m.lang) + ".";
            if (m.recorded == false) {
                // Honest about a vote that did not reach the controller.
                canvas.fill(words, pal.warning.bg);
                p.centered(
                    said + tr(m.lang, " Il n'a pas pu être enregistré, veuillez nous en excuser.",
                              " It could not be recorded, please accept our apologies."),
                    words, p.label, pal.warning.fg, 4);
            } else {
                p.centered(said + tr(m.lang, " Il nous aide à améliorer notre accueil.",
                                     " It helps us improve how we welcome you."),
                           words, p.label, pal.panel.fg, 4);
            }
            break;
        }
    }
    for (const auto& b : layout(m, W, H, ppm)) p.button(b);
    if (m.connection_lost) {
        ui::draw_badge(canvas, tr(m.lang, "Connexion perdue", "Connection lost"), W - margin,
                       margin / 2, p.pad, p.body, pal.warning.fg, pal.warning.bg);
    }
}

Survey::Survey(int width, int height, double px_per_mm, SurveyOptions options)
    : width_(width), height_(height), px_per_mm_(px_per_mm), options_(options) {
    model_.ask_service = options.ask_service;
    reset_home();
}

void Survey::set_allowed_services(std::vector<std::string> ids) {
    allowed_ = std::move(ids);
}

bool Survey::on_board(const protocol::BoardState& board) {
    const bool renamed = model_.site_name != board.site_name;
    model_.services.clear();
    for (const auto& s : board.services) {
        if (allowed_.empty() || std::find(allowed_.begin(), allowed_.end(), s.id) != allowed_.end())
            model_.services.push_back(s);
    }
    model_.site_name = board.site_name;
    // Only a service page shows the services; the faces do not change.
    return model_.page == Page::service || renamed;
}

bool Survey::set_connection_lost(bool lost) {
    if (model_.connection_lost == lost) return false;
    model_.connection_lost = lost;
    return true;
}

void Survey::reset_home() {
    model_.page = model_.ask_service ? Page::service : Page::faces;
    model_.lang = Lang::fr;
    model_.accessible = false;
    model_.service.reset();
    model_.score = 0;
    model_.recorded.reset();
}

bool Survey::at_home() const {
    return model_.page == (model_.ask_service ? Page::service : Page::faces) &&
           model_.lang == Lang::fr && !model_.accessible;
}

std::optional<protocol::SurveyVote> Survey::on_touch(int x, int y, Clock::time_point now) {
    if (model_.page == Page::thanks) return std::nullopt;  // the lock-out
    last_touch_ = now;
    for (const auto& b : layout(model_, width_, height_, px_per_mm_)) {
        if (!b.rect.contains(x, y)) continue;
        switch (b.action) {
            case Action::vote:
                model_.page = Page::thanks;
                model_.score = b.score;
                model_.recorded.reset();
                return protocol::SurveyVote{b.score, model_.service};
            case Action::choose_service:
                model_.service = b.service;
                model_.page = Page::faces;
                break;
            case Action::skip_service:
                model_.page = Page::faces;
                break;
            case Action::switch_language:
                model_.lang = model_.lang == Lang::fr ? Lang::en : Lang::fr;
                break;
            case Action::toggle_accessible:
                model_.accessible = !model_.accessible;
                break;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

bool Survey::on_recorded(bool ok, Clock::time_point now) {
    if (model_.page != Page::thanks) return false;
    model_.recorded = ok;
    // A vote that failed keeps its apology on screen for a whole lock-out.
    thanks_until_ = ok ? last_touch_ + options_.lockout : now + options_.lockout;
    return !ok;
}

bool Survey::tick(Clock::time_point now) {
    if (model_.page == Page::thanks) {
        if (!model_.recorded || now < thanks_until_) return false;
        reset_home();
        return true;
    }
    if (at_home() || now - last_touch_ < options_.idle_reset) return false;
    reset_home();
    return true;
}

Clock::time_point Survey::next_deadline() const {
    if (model_.page == Page::thanks)
        return model_.recorded ? thanks_until_ : Clock::time_point::max();
    if (at_home()) return Clock::time_point::max();
    return last_touch_ + options_.idle_reset;
}

}  // namespace guichet::display::survey
