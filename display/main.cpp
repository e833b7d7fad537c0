// guichet-display: the waiting-room board, the kiosk and the counter terminal.
//
//   guichet-display --config display.toml [--role board|kiosk|counter|survey] [--counter 3]
//                   [--face agent|public] [--state FILE.json] [--snapshot out.png] [--at TIME]
//
// --snapshot renders the model once off-screen to a PNG and exits (tests,
// documentation, site commissioning); --state feeds a model without a broker;
// --at fixes the clock of a snapshot (ISO 8601). Without --snapshot the
// screen opens its window and follows the site's broker until SIGINT/SIGTERM.
#include <SDL2/SDL.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "display/app/app.h"
#include "display/app/screens.h"
#include "display/sdl/canvas.h"
#include "display/sdl/image.h"
#include "display/sdl/text.h"
#include "display/ui/words.h"

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
    g_stop = true;
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace guichet::display;
    CLI::App cli{"Guichet screens: waiting-room board, kiosk, counter terminal, survey"};
    std::string config_path, role, counter, face, snapshot, state_path, at;
    cli.add_option("--config", config_path, "display.toml")->required();
    cli.add_option("--role", role, "board, kiosk, counter or survey (overrides the file)");
    cli.add_option("--counter", counter, "the counter of a counter terminal (overrides the file)");
    cli.add_option("--face", face, "agent or public (counter terminal)");
    cli.add_option("--snapshot", snapshot, "render once to this PNG and exit");
    cli.add_option("--state", state_path, "a state/board or state/counter JSON message to show");
    cli.add_option("--at", at, "the clock for --snapshot, ISO 8601 with offset");
    CLI11_PARSE(cli, argc, argv);

    auto loaded = app::load_display_config(config_path);
    if (auto* error = std::get_if<std::string>(&loaded)) {
        std::cerr << *error << "\n";
        return 2;
    }
    auto config = std::get<app::DisplayConfig>(loaded);
    if (!role.empty()) {
        const auto r = app::role_from_string(role);
        if (!r) {
            std::cerr << "--role: expected board, kiosk, counter or survey\n";
            return 2;
        }
        config.role = *r;
    }
    if (!counter.empty()) config.counter = counter;
    if (!face.empty()) config.public_face = face == "public";
    std::string state;
    if (!state_path.empty()) {
        const auto text = read_text(state_path);
        if (!text) {
            std::cerr << state_path << ": cannot read the file\n";
            return 2;
        }
        state = *text;
    }
    auto now = app::Clock::now();
    if (!at.empty()) {
        const auto t = ui::parse_iso_time(at);
        if (!t) {
            std::cerr << "--at: expected e.g. 2026-11-23T10:42:00+01:00\n";
            return 2;
        }
        now = *t;
    }
    try {
        if (!snapshot.empty()) {
            sdl::SdlSession session;
            app::Screens screens(config);
            if (!state.empty()) {
                if (const auto error = screens.load_state(state, now); !error.empty()) {
                    std::cerr << state_path << ": " << error << "\n";
                    return 2;
                }
            }
            sdl::Offscreen target(config.width, config.height);
            sdl::Fonts fonts(config.font, config.font_bold);
            sdl::TextCache cache(target.renderer(), fonts);
            sdl::SdlCanvas canvas(target.renderer(), cache, config.width, config.height);
            screens.draw(canvas, now);
            SDL_RenderPresent(target.renderer());
            sdl::save_png(target.surface(), snapshot);
            return 0;
        }
        sdl::SdlSession session(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        // No sound card is not a reason to leave the waiting room without a screen.
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
            std::cerr << "no audio: " << SDL_GetError() << "\n";
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        if (config.role == app::Role::board && !app::raise_render_priority())
            std::cerr << "guichet-display: normal priority (Nice=-10 in the service keeps calls "
                         "on time under load)\n";
        app::App screen(config);
        if (!state.empty()) {
            if (const auto error = screen.load_state(state); !error.empty()) {
                std::cerr << state_path << ": " << error << "\n";
                return 2;
            }
        }
        screen.connect();
        return screen.run(g_stop);
    } catch (const std::exception& e) {
        std::cerr << "guichet-display: " << e.what() << "\n";
        return 1;
    }
}
