// How a new call is emphasised over time (WCAG 2.3.1 and 2.2.2).
//
// Contract: from the arrival of a call, the highlight alternates on/off at
// 2 flashes per second (at most 3 allowed) for 4 seconds (at most 5 allowed),
// then stays on, steady. The frame and the marker arrow are drawn in every
// phase, so the call is never told apart by colour alone.
#pragma once

#include <chrono>
#include <optional>

namespace guichet::display::ui {

inline constexpr std::chrono::milliseconds kFlashHalfPeriod{250};
inline constexpr std::chrono::milliseconds kFlashingFor{4000};

struct Emphasis {
    bool inverted = false;  // draw with the highlight ink
    bool flashing = false;  // still in the flashing phase
};

Emphasis emphasis_at(std::chrono::milliseconds since_arrival);

// Time from `since_arrival` to the next change of emphasis; nullopt once steady.
std::optional<std::chrono::milliseconds> next_emphasis_change(
    std::chrono::milliseconds since_arrival);

}  // namespace guichet::display::ui
