// Themes: the colour pairs a screen may use, plus its text sizes.
//
// Contract: every piece of text is drawn with one Ink's fg on that same
// Ink's bg, so checking each Ink checks every pair on screen. Both shipped
// palettes keep every Ink at 7:1 or more (WCAG AAA), tested in
// tests/display/theme_test.cpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "display/ui/color.h"
#include "display/ui/sizing.h"

namespace guichet::display::ui {

struct Ink {
    Color fg;
    Color bg;
};

struct Palette {
    std::string name;
    Ink page;         // ordinary text on the screen background
    Ink page_muted;   // the English line, secondary text
    Ink panel;        // text on a panel (services, previous calls)
    Ink panel_muted;  // secondary text on a panel
    Ink accent;       // the current call when not highlighted
    Ink highlight;    // a new call, flashing then steady (always with a frame too)
    Ink warning;      // closed / cut-off / full service, "Connexion perdue"
    Ink button;       // a touch button the visitor or agent may press
    Ink button_off;   // a service that cannot be chosen now (reason written on it)
    Ink action;       // the main action of a screen (Suivant, Prendre un ticket)

    // Every Ink with its name, for the contrast test and for debugging.
    std::vector<std::pair<std::string, Ink>> inks() const;
};

Palette default_palette();
Palette high_contrast_palette();

struct Theme {
    Palette palette;
    TextScale text;
};

// The accessibility mode of touch screens: high-contrast palette, text x1.5.
Theme accessible_theme(const Theme& base);

}  // namespace guichet::display::ui
