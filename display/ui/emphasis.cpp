#include "display/ui/emphasis.h"

namespace guichet::display::ui {

Emphasis emphasis_at(std::chrono::milliseconds since_arrival) {
    if (since_arrival < std::chrono::milliseconds::zero() || since_arrival >= kFlashingFor) {
        return {true, false};
    }
    const bool on = (since_arrival / kFlashHalfPeriod) % 2 == 0;
    return {on, true};
}

std::optional<std::chrono::milliseconds> next_emphasis_change(
    std::chrono::milliseconds since_arrival) {
    if (since_arrival < std::chrono::milliseconds::zero()) return -since_arrival;
    if (since_arrival >= kFlashingFor) return std::nullopt;
    return kFlashHalfPeriod - since_arrival % kFlashHalfPeriod;
}

}  // namespace guichet::display::ui
