// Reference-image checks for the screens.
//
// Contract: two ARGB8888 surfaces match when they have the same size and at
// most `max_fraction` of their pixels differ by more than `tolerance` (out of
// 255) on some channel. check_reference() compares a rendering with
// tests/display/reference/<name>.png; when the reference is missing or does
// not match, it writes the rendering to <build>/display-candidates/<name>.png
// (to be reviewed by eye and copied into reference/) and reports a failure.
#pragma once

#include <SDL2/SDL.h>

#include <string>

namespace guichet::display::test {

struct ImageDiff {
    bool same_size = false;
    long differing = 0;
    long total = 0;
    int worst = 0;  // largest channel difference seen
    double fraction() const { return total ? static_cast<double>(differing) / total : 1.0; }
};

ImageDiff compare_images(SDL_Surface* a, SDL_Surface* b, int tolerance = 3);
bool images_match(const ImageDiff& d, double max_fraction = 0.005);

// Empty when the rendering matches its reference; otherwise why not.
std::string check_reference(SDL_Surface* rendering, const std::string& name);

}  // namespace guichet::display::test
