// Renders a screen off-screen for tests: software renderer, ARGB8888 surface,
// DejaVu fonts, one SDL session per test process.
#pragma once

#include <chrono>
#include <functional>

#include "display/sdl/image.h"
#include "display/ui/canvas.h"
#include "display/ui/theme.h"
#include "protocol/messages.h"

namespace guichet::display::test {

sdl::SurfacePtr render(int width, int height, const std::function<void(ui::Canvas&)>& draw);

// Monday 23 November 2026, 10:42:00 in Paris (09:42 UTC): a fixed clock.
std::chrono::system_clock::time_point fixed_now();

// The theme of a 55-inch board (1218 x 685 mm) read from 6 m, as mounted.
ui::Theme board_theme(int width, int height);

// A Paris town hall's board with `calls` calls (newest first), as the controller publishes it.
protocol::BoardState mairie_board(int calls);

}  // namespace guichet::display::test

namespace guichet::display::test {

// A 21.5-inch portrait kiosk (268 x 476 mm) used at arm's length.
ui::Theme kiosk_theme();
inline constexpr int kKioskWidth = 1080, kKioskHeight = 1920;

}  // namespace guichet::display::test

namespace guichet::display::test {

// A 10-inch agent terminal (1280 x 800, 217 x 136 mm) and the public face above the counter.
ui::Theme counter_theme();
ui::Theme public_face_theme();
inline constexpr int kCounterWidth = 1280, kCounterHeight = 800;
inline constexpr int kFaceWidth = 1280, kFaceHeight = 480;

// Counter 3 of the town hall, open, serving A042 (called at 10:41 after 12 min 30 s).
protocol::CounterView counter_three();

}  // namespace guichet::display::test
