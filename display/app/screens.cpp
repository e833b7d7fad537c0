#include "display/app/screens.h"

#include "protocol/codec.h"

namespace guichet::display::app {

namespace {

ui::Theme theme_for(const DisplayConfig& c) {
    return {ui::default_palette(),
            ui::text_scale(c.width, c.height, {c.width_mm, c.height_mm, c.viewing_distance_m})};
}

kiosk::KioskOptions kiosk_options(const DisplayConfig& c) {
    kiosk::KioskOptions o;
    o.idle_warning = c.idle_warning;
    o.idle_reset = c.idle_reset;
    return o;
}

survey::SurveyOptions survey_options(const DisplayConfig& c) {
    survey::SurveyOptions o;
    o.ask_service = c.ask_service;
    o.lockout = c.lockout;
    o.idle_reset = c.idle_reset;
    return o;
}

}  // namespace

Screens::Screens(const DisplayConfig& config)
    : board(config.timezone),
      kiosk(config.width, config.height, theme_for(config).text.px_per_mm, kiosk_options(config)),
      terminal(config.width, config.height, theme_for(config).text.px_per_mm, config.timezone),
      survey(config.width, config.height, theme_for(config).text.px_per_mm, survey_options(config)),
      config_(config),
      theme_(theme_for(config)) {
    kiosk.set_allowed_services(config.services);
    survey.set_allowed_services(config.services);
}

bool Screens::on_board(const protocol::BoardState& state, Clock::time_point now) {
    switch (config_.role) {
        case Role::board:
            return board.on_board(state, now);
        case Role::kiosk:
            return kiosk.on_board(state);
        case Role::counter:
            return terminal.on_board(state);
        case Role::survey:
            return survey.on_board(state);
    }
    return false;
}

bool Screens::on_counter(const protocol::CounterView& view) {
    return config_.role == Role::counter && terminal.on_view(view);
}

bool Screens::on_call(const protocol::CallEvent& call, Clock::time_point now, bool& announce) {
    announce = false;
    return config_.role == Role::board && board.on_call(call, now, announce);
}

bool Screens::set_connection_lost(bool lost) {
    switch (config_.role) {
        case Role::board:
            return board.set_connection_lost(lost);
        case Role::kiosk:
            return kiosk.set_connection_lost(lost);
        case Role::counter:
            return terminal.set_connection_lost(lost);
        case Role::survey:
            return survey.set_connection_lost(lost);
    }
    return false;
}

bool Screens::tick(Clock::time_point now) {  // called at next_deadline()
    switch (config_.role) {
        case Role::board:
            return true;  // the flash and the clock are drawn from `now`: redrawing is the change
        case Role::kiosk:
            return kiosk.tick(now);
        case Role::counter:
            return true;  // the clock minute
        case Role::survey:
            return survey.tick(now);
    }
    return false;
}

Clock::time_point Screens::next_deadline(Clock::time_point now) const {
    switch (config_.role) {
        case Role::board:
            return board::next_redraw(board.model(), now);
        case Role::kiosk:
            return kiosk.next_deadline();
        case Role::counter:
            return std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds(1));
        case Role::survey:
            return survey.next_deadline();
    }
    return now + std::chrono::minutes(1);
}

std::string Screens::load_state(std::string_view json, Clock::time_point now) {
    if (config_.role == Role::counter) {
        auto view = protocol::decode_counter_view(json);
        if (auto* e = std::get_if<protocol::DecodeError>(&view)) return e->field + ": " + e->reason;
        on_counter(std::get<protocol::CounterView>(view));
        return {};
    }
    auto state = protocol::decode_board(json);
    if (auto* e = std::get_if<protocol::DecodeError>(&state)) return e->field + ": " + e->reason;
    on_board(std::get<protocol::BoardState>(state), now);
    return {};
}

void Screens::draw(ui::Canvas& canvas, Clock::time_point now) const {
    switch (config_.role) {
        case Role::board:
            board::draw(canvas, board.model(), theme_, now);
            break;
        case Role::kiosk:
            kiosk::draw(canvas, kiosk.model(), theme_, now);
            break;
        case Role::counter:
            if (config_.public_face) {
                counter::draw_public(canvas, terminal.model(), theme_, now);
            } else {
                counter::draw(canvas, terminal.model(), theme_, now);
            }
            break;
        case Role::survey:
            survey::draw(canvas, survey.model(), theme_);
            break;
    }
}

}  // namespace guichet::display::app
