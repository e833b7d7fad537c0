// Character heights from the physical screen and the viewing distance.
//
// Contract: sizes are font sizes in pixels (the em box, as SDL_ttf takes
// them) chosen so that the *cap height* (height of "A" and of the digits)
// reaches the legibility rule scaled to the farthest viewer: ticket numbers
// at least 50 mm per 6 m of distance, any text at least 15 mm per 6 m, and
// never under 3.5 mm (arm's length screens: kiosk, counter terminal).
#pragma once

namespace guichet::display::ui {

// Cap height of DejaVu Sans (1493 units of a 2048 em); checked against the
// rendered font by tests/display/sizing_test.cpp.
inline constexpr double kCapHeightPerEm = 1493.0 / 2048.0;

struct Physical {
    double width_mm = 1218;  // active area as mounted (portrait: the short side)
    double height_mm = 685;
    double viewing_distance_m = 6;
};

struct TextScale {
    double px_per_mm = 1;
    int body_px = 0;    // smallest text allowed on this screen
    int number_px = 0;  // ticket numbers
    double body_cap_mm = 0;
    double number_cap_mm = 0;
};

// Cap height (mm) required for ticket numbers / any text at `distance_m`.
double required_number_cap_mm(double distance_m);
double required_text_cap_mm(double distance_m);

// Font pixel size whose cap height is at least `cap_mm` at `px_per_mm`.
int font_px_for_cap(double cap_mm, double px_per_mm);
// Cap height in mm of a font of `font_px` at `px_per_mm`.
double cap_mm_of(int font_px, double px_per_mm);

// A physical length on the screen, in whole pixels (touch targets, margins).
int mm_to_px(double mm, double px_per_mm);

TextScale text_scale(int width_px, int height_px, const Physical& physical);

}  // namespace guichet::display::ui
