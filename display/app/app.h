// A screen process: window, broker link, sound, and the loop between them.
//
// Contract: App opens a window of the configured size (SDL_VIDEODRIVER
// decides where: a display, or "offscreen" in tests) and draws the role's
// model in it. connect() starts the broker link (device id = username,
// reconnecting for ever) and subscribes to what the role needs: state/board,
// state/counter/<c> and event/call. Messages are decoded on the link's thread
// and handed to the loop; the loop redraws only when something changed or a
// deadline (flash step, clock minute, idle timer, lost-connection delay) is
// reached, so an idle screen sleeps. "Connexion perdue" shows after
// lost_after without the broker or with the controller offline, over the
// last data, which is kept. Touches (SDL finger or mouse events) go to the
// kiosk, counter or survey; their requests run on a worker thread.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "display/app/config.h"
#include "display/kiosk/ticket_issuer.h"
#include "display/sdl/image.h"

namespace guichet::display::app {

// Gives the calling thread, and the threads it starts afterwards (the GL
// renderer's, the broker link's), priority over ordinary processes (nice
// -10), so that a board's frames do not queue behind other work on its box:
// under load this was the board's latency tail (docs/benchmarks.md). Needs
// root or CAP_SYS_NICE (or systemd's Nice=-10 instead); false when refused.
// Call it before App is built. Speech synthesis (sdl::Sound) stays at normal
// priority.
bool raise_render_priority();

class App {
  public:
    explicit App(const DisplayConfig& config);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Feeds a state file before (or without) the broker; "" or an error.
    std::string load_state(std::string_view json);
    // Starts the broker link. `issuer` overrides how the kiosk issues tickets
    // (default: the [printer] of the config through the dispenser logic, else
    // ScreenTicketIssuer over the device's own link). Throws when the
    // configured printer cannot be set up.
    void connect(std::unique_ptr<kiosk::TicketIssuer> issuer = nullptr);

    // One turn: waits at most `max_wait` for a message, an input event or a
    // deadline, handles it, and presents a frame if the picture changed.
    // False once the window was asked to close.
    bool step(std::chrono::milliseconds max_wait);
    int run(const std::atomic<bool>& stop);

    // For tests and benchmarks.
    std::uint64_t frames() const;
    std::string renderer_name() const;  // the SDL render driver of the window
    std::vector<std::chrono::nanoseconds> call_latencies() const;  // event/call arrival -> present
    std::uint64_t sound_samples() const;
    // Draws the model at `now` in the window and reads the pixels back.
    sdl::SurfacePtr read_window(std::chrono::system_clock::time_point now) const;
    const class Screens& screens() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::display::app
