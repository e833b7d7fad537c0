// Display benchmark: how fast a call reaches the board's screen, and how much
// CPU a board uses idle and under a call every second.
//
//   display_bench [--seconds 60]
//
// 1. Latency: an in-process board (offscreen video, dummy audio, chime on;
//    SDL_RENDER_DRIVER chooses the window renderer, by default SDL picks)
//    subscribed to a private mosquitto; the bench publishes event/call every
//    100 ms and the App records, for each call, the time from its arrival in
//    the MQTT callback to the SDL_RenderPresent of the frame showing it.
//    The board runs at raised priority when allowed, as guichet-display does.
// 1b. One full frame with cached text, and the text textures each new call
//    renders over 300 calls (a cache that empties when full shows spikes).
// 2. CPU: a real guichet-display process (board role) against the same
//    broker; utime+stime from /proc/<pid>/stat over the period, idle, then
//    with one call a second (each call flashes for 4 s: redraws at 2 Hz).
#include <SDL2/SDL.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "display/app/app.h"
#include "display/app/screens.h"
#include "display/board/board.h"
#include "display/sdl/canvas.h"
#include "display/sdl/image.h"
#include "display/sdl/text.h"
#include "protocol/codec.h"
#include "protocol/mqtt_link.h"
#include "protocol/topics.h"
#include "tests/display/render_support.h"
#include "tests/support/broker.h"
#include "tests/support/temp_dir.h"

extern char** environ;

using namespace std::chrono_literals;
using namespace guichet;

namespace {

const protocol::Topics kTopics("mairie-11");

std::string call_json(int n) {
    char number[8];
    std::snprintf(number, sizeof number, "A%03d", n % 1000);
    const std::string counter = std::to_string(1 + n % 5);
    return protocol::encode_call({number, counter, "Guichet " + counter, false,
                                  "2026-11-23T10:42:" + std::to_string(10 + n % 50) + "+01:00"});
}

protocol::MqttLink publisher(const test::Broker& broker) {
    protocol::LinkOptions o;
    o.server_uri = broker.uri();
    o.client_id = "bench-controller";
    return protocol::MqttLink(o, [](const protocol::Message&) {});
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * (v.size() - 1) + 0.5);
    return v[i];
}

long cpu_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    // Fields after the command name "(...)": utime and stime are the 14th and 15th overall.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) stime = std::stol(field);
    }
    return utime + stime;
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = 60;
    if (argc == 3 && std::string(argv[1]) == "--seconds") seconds = std::stoi(argv[2]);
    test::Broker broker;
    auto link = publisher(broker);
    link.start();
    if (!link.wait_connected(5s)) {
        std::cerr << "cannot reach the bench broker\n";
        return 1;
    }
    link.publish(kTopics.board(), protocol::encode_board(display::test::mairie_board(8)), true);
    link.publish(kTopics.controller_status(),
                 protocol::encode_controller_status({"online", "bench"}), true);

    // ---- 1. latency, in process ----
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    {
        display::sdl::SdlSession session(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_AUDIO);
        display::app::DisplayConfig c;
        c.site = "mairie-11";
        c.device = "ecran-hall";
        c.broker_url = broker.uri();
        c.announce = false;
        // As guichet-display does for a board (nice -10 when allowed: the bench runs as root).
        const bool raised = display::app::raise_render_priority();
        display::app::App board(c);
        board.connect();
        const auto until = [&](auto done, std::chrono::seconds limit) {
            const auto end = std::chrono::steady_clock::now() + limit;
            while (!done() && std::chrono::steady_clock::now() < end) board.step(50ms);
            return done();
        };
        if (!until([&] { return !board.screens().board.model().state.calls.empty(); }, 10s)) {
            std::cerr << "the board never got its state\n";
            return 1;
        }
        constexpr int kCalls = 300;
        std::atomic<bool> done{false};
        std::thread calls([&] {
            for (int i = 0; i < kCalls; ++i) {
                link.publish(kTopics.call_event(), call_json(100 + i));
                std::this_thread::sleep_for(100ms);
            }
            done = true;
        });
        until([&] { return done.load() && board.call_latencies().size() >= kCalls; }, 60s);
        calls.join();
        std::vector<double> ms;
        for (auto l : board.call_latencies())
            ms.push_back(std::chrono::duration<double, std::milli>(l).count());
        std::printf(
            "call -> presented frame (in-process board, 1920x1080, %s renderer, %s priority): "
            "n=%zu "
            "p50=%.2f ms p99=%.2f ms max=%.2f ms\n",
            board.renderer_name().c_str(), raised ? "raised" : "normal", ms.size(),
            percentile(ms, 0.5), percentile(ms, 0.99), percentile(ms, 1.0));
        // Where the slowest ones fall: evenly spaced slow calls point at a periodic cause.
        std::vector<std::size_t> order(ms.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ms[a] > ms[b]; });
        std::printf("slowest calls:");
        for (std::size_t i = 0; i < std::min<std::size_t>(6, order.size()); ++i)
            std::printf(" #%zu %.1f ms", order[i], ms[order[i]]);
        std::printf("\n");
    }

    // ---- 1b. the cost of one full board frame (cached text), without the loop ----
    {
        display::sdl::SdlSession session;
        display::sdl::Offscreen target(1920, 1080);
        display::sdl::Fonts fonts;
        display::sdl::TextCache cache(target.renderer(), fonts);
        display::sdl::SdlCanvas canvas(target.renderer(), cache, 1920, 1080);
        display::board::BoardModel model;
        model.state = display::test::mairie_board(8);
        const auto theme = display::test::board_theme(1920, 1080);
        std::vector<double> ms;
        for (int i = 0; i < 300; ++i) {
            model.newest_call_arrived =
                display::test::fixed_now() - std::chrono::milliseconds(250 * (i % 2));
            const auto t0 = std::chrono::steady_clock::now();
            display::board::draw(canvas, model, theme, display::test::fixed_now());
            SDL_RenderPresent(target.renderer());
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
        }
        std::printf(
            "one full board frame (1920x1080, software renderer, text cached): p50=%.2f ms "
            "p99=%.2f ms\n",
            percentile(ms, 0.5), percentile(ms, 0.99));
        display::board::BoardScreen screen;
        std::size_t most = 0, total = 0;
        for (int i = 0; i < 300; ++i) {
            bool announce = false;
            const auto call = protocol::decode_call(call_json(100 + i));
            screen.on_call(std::get<protocol::CallEvent>(call), display::test::fixed_now(),
                           announce);
            const auto before = cache.misses();
            display::board::draw(canvas, screen.model(), theme, display::test::fixed_now());
            most = std::max(most, cache.misses() - before);
            total += cache.misses() - before;
        }
        std::printf("text textures rendered per new call, 300 calls: mean %.1f, max %zu\n",
                    static_cast<double>(total) / 300, most);
    }

    // ---- 2. CPU of a real guichet-display process ----
    test::TempDir dir("display-bench");
    test::write_file(dir / "display.toml",
                     "[display]\nrole = \"board\"\nsite = \"mairie-11\"\ndevice = \"ecran-hall\"\n"
                     "announce = false\n[broker]\nurl = \"" +
                         broker.uri() + "\"\n");
    const std::string config = (dir / "display.toml").string();
    std::vector<std::string> args = {GUICHET_DISPLAY_BIN, "--config", config};
    std::vector<char*> argv_c;
    for (auto& a : args) argv_c.push_back(a.data());
    argv_c.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv_c[0], nullptr, nullptr, argv_c.data(), environ) != 0) {
        std::cerr << "cannot start guichet-display\n";
        return 1;
    }
    std::this_thread::sleep_for(3s);  // start-up, first frame
    const long hz = ::sysconf(_SC_CLK_TCK);
    const long idle0 = cpu_ticks(pid);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const long idle1 = cpu_ticks(pid);
    for (int i = 0; i < seconds; ++i) {
        link.publish(kTopics.call_event(), call_json(500 + i));
        std::this_thread::sleep_for(1s);
    }
    const long busy1 = cpu_ticks(pid);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::printf("guichet-display board, idle %d s: %.2f %% of a core\n", seconds,
                100.0 * (idle1 - idle0) / hz / seconds);
    std::printf("guichet-display board, one call per second for %d s: %.2f %% of a core\n", seconds,
                100.0 * (busy1 - idle1) / hz / seconds);
    link.stop();
    return 0;
}
