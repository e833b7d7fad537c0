#include "display/ui/sizing.h"

#include <algorithm>
#include <cmath>

namespace guichet::display::ui {

namespace {
constexpr double kReferenceDistanceM = 6.0;
constexpr double kNumberCapMmAtReference = 50.0;
constexpr double kTextCapMmAtReference = 15.0;
constexpr double kArmsLengthFloorMm = 3.5;
}  // namespace

int mm_to_px(double mm, double px_per_mm) {
    return static_cast<int>(std::lround(mm * px_per_mm));
}

double required_number_cap_mm(double distance_m) {
    return std::max(kArmsLengthFloorMm, kNumberCapMmAtReference * distance_m / kReferenceDistanceM);
}

double required_text_cap_mm(double distance_m) {
    return std::max(kArmsLengthFloorMm, kTextCapMmAtReference * distance_m / kReferenceDistanceM);
}

int font_px_for_cap(double cap_mm, double px_per_mm) {
    return static_cast<int>(std::ceil(cap_mm * px_per_mm / kCapHeightPerEm));
}

double cap_mm_of(int font_px, double px_per_mm) {
    return font_px * kCapHeightPerEm / px_per_mm;
}

TextScale text_scale(int width_px, int height_px, const Physical& physical) {
    TextScale scale;
    // Pixels are square on every screen we support; average both axes anyway.
    scale.px_per_mm = (width_px / physical.width_mm + height_px / physical.height_mm) / 2;
    scale.body_cap_mm = required_text_cap_mm(physical.viewing_distance_m);
    scale.number_cap_mm = required_number_cap_mm(physical.viewing_distance_m);
    scale.body_px = font_px_for_cap(scale.body_cap_mm, scale.px_per_mm);
    scale.number_px = font_px_for_cap(scale.number_cap_mm, scale.px_per_mm);
    return scale;
}

}  // namespace guichet::display::ui
