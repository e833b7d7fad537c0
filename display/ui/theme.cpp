#include "display/ui/theme.h"

namespace guichet::display::ui {

namespace {
constexpr Color rgb(unsigned hex) {
    return Color{static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8),
                 static_cast<std::uint8_t>(hex), 255};
}
}  // namespace

std::vector<std::pair<std::string, Ink>> Palette::inks() const {
    return {{"page", page},
            {"page_muted", page_muted},
            {"panel", panel},
            {"panel_muted", panel_muted},
            {"accent", accent},
            {"highlight", highlight},
            {"warning", warning},
            {"button", button},
            {"button_off", button_off},
            {"action", action}};
}

// Dark navy ground (glare-free in a lit waiting room), white and pale yellow text.
Palette default_palette() {
    Palette p;
    p.name = "default";
    const Color navy = rgb(0x0B1F3A);
    const Color panel = rgb(0x142C4F);
    p.page = {rgb(0xFFFFFF), navy};
    p.page_muted = {rgb(0xC9D3E0), navy};
    p.panel = {rgb(0xFFFFFF), panel};
    p.panel_muted = {rgb(0xC9D3E0), panel};
    p.accent = {rgb(0xFFE066), navy};
    p.highlight = {navy, rgb(0xFFE066)};
    p.warning = {rgb(0x1A1A1A), rgb(0xFFB870)};
    p.button = {rgb(0xFFFFFF), rgb(0x1F4E8C)};
    p.button_off = {rgb(0xE6E6E6), rgb(0x3A3A3A)};
    p.action = {rgb(0x0B1F3A), rgb(0x8FD19E)};
    return p;
}

// Black and white with yellow: the accessibility mode of the kiosk.
Palette high_contrast_palette() {
    Palette p;
    p.name = "high_contrast";
    const Color black = rgb(0x000000);
    const Color white = rgb(0xFFFFFF);
    const Color yellow = rgb(0xFFFF00);
    p.page = {white, black};
    p.page_muted = {yellow, black};
    p.panel = {white, black};
    p.panel_muted = {yellow, black};
    p.accent = {yellow, black};
    p.highlight = {black, yellow};
    p.warning = {black, white};
    p.button = {black, yellow};
    p.button_off = {white, rgb(0x303030)};
    p.action = {black, white};
    return p;
}

Theme accessible_theme(const Theme& base) {
    Theme t = base;
    t.palette = high_contrast_palette();
    t.text.body_px = base.text.body_px * 3 / 2;
    t.text.number_px = base.text.number_px * 3 / 2;
    return t;
}

}  // namespace guichet::display::ui
