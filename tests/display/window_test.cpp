// The real window path: guichet-display's App under SDL_VIDEODRIVER=offscreen
// and SDL_AUDIODRIVER=disk, with a private mosquitto and a real
// guichet-controller (tests/support/test_site.h).
#include <catch2/catch.hpp>

#include <SDL2/SDL.h>
#include <date/tz.h>
#include <dlfcn.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "display/app/app.h"
#include "display/app/screens.h"
#include "display/kiosk/kiosk.h"
#include "display/sdl/image.h"
#include "display/sdl/sound.h"
#include "display/survey/survey.h"
#include "printer-driver/escpos/decoder.h"
#include "protocol/codec.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"
#include "tests/protocol/inbox.h"
#include "tests/support/test_site.h"

using namespace guichet;
using namespace guichet::display;
using namespace std::chrono_literals;

namespace {

// SDL set up as on a machine with no screen and no sound card; the "disk"
// audio driver writes what would be played to `audio_file`.
struct HeadlessSdl {
    explicit HeadlessSdl(const std::string& audio_file) {
        // SDL's offscreen driver loads libEGL (and mesa its DRI driver) for each window and unloads
        // it at SDL_Quit; mesa's allocations then look leaked to LeakSanitizer. Keeping the library
        // loaded keeps them reachable (none of ours is hidden).
        static const bool kept = [] {
            for (const char* lib : {"libEGL.so.1", "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so"}) {
                ::dlopen(lib, RTLD_NOW | RTLD_NODELETE);
            }
            return true;
        }();
        (void)kept;
        ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
        ::setenv("SDL_AUDIODRIVER", "disk", 1);
        ::setenv("SDL_DISKAUDIOFILE", audio_file.c_str(), 1);
        session =
            std::make_unique<sdl::SdlSession>(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_AUDIO);
    }
    std::unique_ptr<sdl::SdlSession> session;
};

app::DisplayConfig config_for(guichet::test::TestSite& site, const std::string& device,
                              app::Role role) {
    const auto o = site.device(device);
    app::DisplayConfig c;
    c.role = role;
    c.site = o.site;
    c.device = device;
    c.password = o.password;
    c.broker_url = o.server_uri;
    c.announce = false;  // only the board test below speaks
    if (role == app::Role::kiosk) {
        c.width = 1080;
        c.height = 1920;
        c.width_mm = 268;
        c.height_mm = 476;
        c.viewing_distance_m = 0.6;
    } else if (role == app::Role::counter || role == app::Role::survey) {
        c.counter = "1";
        c.width = 1280;
        c.height = 800;
        c.width_mm = 217;
        c.height_mm = 136;
        c.viewing_distance_m = 0.5;
    }
    return c;
}

// Runs the screen's loop until `done` holds (false after `limit`).
bool run_until(app::App& screen, const std::function<bool()>& done,
               std::chrono::seconds limit = 15s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        screen.step(50ms);
        if (done()) return true;
    }
    return false;
}

protocol::Reply ask(protocol::DeviceClient& device, protocol::Operation op) {
    auto reply = device.request({device.next_id(), std::move(op)});
    REQUIRE(reply);
    return *reply;
}

void touch(int x, int y, int width, int height) {
    SDL_Event e{};
    e.type = SDL_FINGERDOWN;
    e.tfinger.x = static_cast<float>(x) / width;
    e.tfinger.y = static_cast<float>(y) / height;
    e.tfinger.pressure = 1;
    REQUIRE(SDL_PushEvent(&e) == 1);
}

// Touches the middle of the first button `pick` accepts in `buttons`.
template <typename Button, typename Pick>
void touch_button(const std::vector<Button>& buttons, Pick pick, const app::DisplayConfig& c) {
    for (const auto& b : buttons) {
        if (pick(b)) {
            touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2, c.width, c.height);
            return;
        }
    }
    FAIL("no such button");
}

// The kiosk of the test site choosing "État civil" by touch; its outcome once shown.
kiosk::IssueOutcome take_at_kiosk(app::App& screen, const app::DisplayConfig& config) {
    const auto& model = [&]() -> const kiosk::KioskModel& {
        return screen.screens().kiosk.model();
    };
    REQUIRE(run_until(screen, [&] { return !model().services.empty(); }));
    touch_button(
        kiosk::layout(model(), config.width, config.height,
                      screen.screens().theme().text.px_per_mm),
        [](const kiosk::Button& b) { return b.service == "etat-civil"; }, config);
    REQUIRE(run_until(screen, [&] {
        return model().page == kiosk::Page::ticket || model().page == kiosk::Page::refused;
    }));
    return model().outcome;
}

app::DisplayConfig printing_kiosk(guichet::test::TestSite& site, const std::string& printer) {
    auto config = config_for(site, "borne-3", app::Role::kiosk);
    config.printer = kiosk::PrinterSettings{printer,
                                            "generic-80mm",
                                            std::string(GUICHET_SOURCE_DIR) + "/hardware/profiles",
                                            "Mairie de test",
                                            {},
                                            {},
                                            {}};
    return config;
}

std::string read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a call.next from a counter changes the board in its window and chimes",
          "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-audio");
    const std::string audio = (tmp / "board.raw").string();
    HeadlessSdl sdl(audio);
    auto config = config_for(site, "ecran-1", app::Role::board);
    config.announce = true;
    app::App board(config);
    board.connect();
    REQUIRE(
        run_until(board, [&] { return !board.screens().board.model().state.site_name.empty(); }));
    const auto frames_before = board.frames();

    protocol::DeviceClient dispenser(site.device("borne-1"));
    protocol::DeviceClient counter(site.device("poste-1"));
    dispenser.start();
    counter.start();
    REQUIRE(ask(dispenser, protocol::TicketTake{"etat-civil", false, "fr"}).ok);
    REQUIRE(ask(counter, protocol::CounterOpen{}).ok);
    REQUIRE(ask(counter, protocol::CallNext{}).ticket->number == "A001");

    REQUIRE(run_until(board, [&] {
        const auto& calls = board.screens().board.model().state.calls;
        return !calls.empty() && calls.front().number == "A001";
    }));
    CHECK(board.screens().board.model().state.calls.front().counter_label == "Guichet 1");
    CHECK(board.frames() > frames_before);
    CHECK(board.call_latencies().size() == 1);
    // The chime, then the spoken call (espeak-ng, about 2 s), went to the audio
    // device, and the disk driver played them out.
    const auto chime = sdl::make_chime().size();
    REQUIRE(run_until(board, [&] { return board.sound_samples() > chime + sdl::kSoundRate; }));
    REQUIRE(run_until(board, [&] {
        return std::filesystem::file_size(audio) > 2 * (chime + sdl::kSoundRate);  // 16-bit samples
    }));
    // The window shows what the reference-tested off-screen path draws for the same model.
    const auto now = std::chrono::system_clock::now();
    const auto shown = board.read_window(now);
    REQUIRE(shown);
    const auto& screens = board.screens();
    const auto expected =
        display::test::render(1920, 1080, [&](ui::Canvas& c) { screens.draw(c, now); });
    const auto diff = display::test::compare_images(shown.get(), expected.get());
    CHECK(display::test::images_match(diff));
}

TEST_CASE("touches pushed on the kiosk issue a real ticket", "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-audio");
    HeadlessSdl sdl((tmp / "kiosk.raw").string());
    const auto config = config_for(site, "borne-3", app::Role::kiosk);
    app::App screen(config);
    screen.connect();
    const auto& kiosk_model = [&]() -> const kiosk::KioskModel& {
        return screen.screens().kiosk.model();
    };
    REQUIRE(run_until(screen, [&] { return !kiosk_model().services.empty(); }));

    const double ppm = screen.screens().theme().text.px_per_mm;
    // Switch to English, then choose "État civil".
    for (const auto& b : kiosk::layout(kiosk_model(), config.width, config.height, ppm)) {
        if (b.action == kiosk::Action::switch_language)
            touch(b.rect.x + 10, b.rect.y + 10, config.width, config.height);
    }
    REQUIRE(run_until(screen, [&] { return kiosk_model().lang == ui::Lang::en; }));
    for (const auto& b : kiosk::layout(kiosk_model(), config.width, config.height, ppm)) {
        if (b.service == "etat-civil")
            touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2, config.width, config.height);
    }
    REQUIRE(run_until(screen, [&] { return kiosk_model().page == kiosk::Page::ticket; }));
    REQUIRE(kiosk_model().outcome.ticket);
    CHECK(kiosk_model().outcome.ticket->number == "A001");
    CHECK(kiosk_model().outcome.delivered);

    // The ticket is real: the counter calls it.
    protocol::DeviceClient counter(site.device("poste-1"));
    counter.start();
    REQUIRE(ask(counter, protocol::CounterOpen{}).ok);
    CHECK(ask(counter, protocol::CallNext{}).ticket->number == "A001");
}

TEST_CASE("the counter terminal opens the counter and calls the next visitor by touch",
          "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-audio");
    HeadlessSdl sdl((tmp / "counter.raw").string());
    const auto config = config_for(site, "poste-1", app::Role::counter);
    app::App screen(config);
    screen.connect();
    const auto& model = [&]() -> const counter::CounterModel& {
        return screen.screens().terminal.model();
    };
    REQUIRE(run_until(screen, [&] { return model().view.has_value(); }));
    CHECK(model().view->state == "closed");

    const double ppm = screen.screens().theme().text.px_per_mm;
    const auto press = [&](counter::Action a) {
        for (const auto& b : counter::layout(model(), config.width, config.height, ppm)) {
            if (b.action == a)
                touch(b.rect.x + b.rect.w / 2, b.rect.y + b.rect.h / 2, config.width,
                      config.height);
        }
    };
    press(counter::Action::pause_or_open);
    REQUIRE(run_until(screen, [&] { return model().view->state == "open" && !model().busy; }));

    protocol::DeviceClient dispenser(site.device("borne-1"));
    dispenser.start();
    REQUIRE(ask(dispenser, protocol::TicketTake{"titres", false, "fr"}).ok);
    press(counter::Action::next);
    REQUIRE(run_until(screen, [&] { return model().view->current && !model().busy; }));
    CHECK(model().view->current->number == "D001");
    CHECK_FALSE(model().message);
}

TEST_CASE(
    "when the broker is lost the board keeps its data, shows the badge after the delay, and "
    "recovers",
    "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-audio");
    HeadlessSdl sdl((tmp / "lost.raw").string());
    auto config = config_for(site, "ecran-1", app::Role::board);
    config.lost_after = 2s;
    app::App board(config);
    board.connect();
    const auto& model = [&]() -> const board::BoardModel& { return board.screens().board.model(); };
    REQUIRE(run_until(board, [&] { return !model().state.site_name.empty(); }));
    REQUIRE_FALSE(model().connection_lost);

    const auto stopped = std::chrono::steady_clock::now();
    site.broker().stop();
    REQUIRE(run_until(board, [&] { return model().connection_lost; }));
    CHECK(std::chrono::steady_clock::now() - stopped >= 2s);  // not before the delay
    CHECK(model().state.site_name == "Mairie de test");       // never blank: the last data stay

    site.broker().restart();
    REQUIRE(run_until(
        board, [&] { return !model().connection_lost; }, 30s));
    CHECK(model().state.site_name == "Mairie de test");
}

TEST_CASE("an idle screen presents no frame until something changes", "[display][window]") {
    guichet::test::TempDir tmp("display-audio");
    HeadlessSdl sdl((tmp / "idle.raw").string());
    app::DisplayConfig config;
    config.role = app::Role::kiosk;
    config.site = "mairie-11";
    config.device = "borne-etage";
    config.width = 1080;
    config.height = 1920;
    config.width_mm = 268;
    config.height_mm = 476;
    config.viewing_distance_m = 0.6;
    app::App screen(config);  // no broker: fed by a state file, as with --state
    REQUIRE(screen.load_state(protocol::encode_board(display::test::mairie_board(0))) == "");
    screen.step(10ms);
    REQUIRE(screen.frames() == 1);
    const auto idle_until = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < idle_until) screen.step(50ms);
    CHECK(screen.frames() == 1);  // a second of nothing: no redraw

    const double ppm = screen.screens().theme().text.px_per_mm;
    for (const auto& b :
         kiosk::layout(screen.screens().kiosk.model(), config.width, config.height, ppm)) {
        if (b.action == kiosk::Action::switch_language) {
            touch(b.rect.x + 10, b.rect.y + 10, config.width, config.height);
        }
    }
    REQUIRE(run_until(
        screen, [&] { return screen.screens().kiosk.model().lang == ui::Lang::en; }, 5s));
    CHECK(screen.frames() == 2);  // the touch changed the picture once
    const auto quiet_until = std::chrono::steady_clock::now() + 500ms;
    while (std::chrono::steady_clock::now() < quiet_until) screen.step(50ms);
    CHECK(screen.frames() == 2);
}

TEST_CASE("a kiosk with a printer prints the ticket the controller issued", "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-printer");
    HeadlessSdl sdl((tmp / "kiosk.raw").string());
    const auto paper = tmp / "printer.bin";
    const auto config = printing_kiosk(site, "file:" + paper.string());
    app::App screen(config);
    screen.connect();
    const auto outcome = take_at_kiosk(screen, config);
    REQUIRE(outcome.ticket);
    CHECK(outcome.ticket->number == "A001");
    CHECK(outcome.delivered);
    // The paper carries the issued number and the board's name of the service.
    const auto text = guichet::escpos::decode(read_bytes(paper)).text();
    CHECK(text.find("A001\n") != std::string::npos);
    CHECK(text.find("État civil") != std::string::npos);

    // Printed means kept: the counter calls it.
    protocol::DeviceClient counter(site.device("poste-1"));
    counter.start();
    REQUIRE(ask(counter, protocol::CounterOpen{}).ok);
    CHECK(ask(counter, protocol::CallNext{}).ticket->number == "A001");

    // Like a dispenser, the kiosk keeps its printer's health on the broker (retained), where
    // the controller watches for paper out.
    guichet::test::Inbox inbox;
    protocol::LinkOptions watch;
    watch.server_uri = site.broker().uri();
    watch.client_id = "telemetry-watch";
    watch.username = "controller";
    watch.password = "controller-pw";
    watch.subscriptions = {protocol::Topics("test-site").device_telemetry("borne-3")};
    protocol::MqttLink link(watch, inbox.handler());
    link.start();
    const auto telemetry = inbox.wait_for(watch.subscriptions[0]);
    REQUIRE(telemetry);
    const auto decoded = protocol::decode_printer_telemetry(telemetry->payload);
    REQUIRE(std::holds_alternative<protocol::PrinterTelemetry>(decoded));
    CHECK(std::get<protocol::PrinterTelemetry>(decoded).paper == "ok");
}

TEST_CASE("a kiosk whose printer fails cancels the ticket and sends the visitor to reception",
          "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-printer");
    HeadlessSdl sdl((tmp / "kiosk.raw").string());
    const auto config =
        printing_kiosk(site, "file:" + (tmp / "no-such-folder" / "printer.bin").string());
    app::App screen(config);
    screen.connect();
    const auto outcome = take_at_kiosk(screen, config);
    REQUIRE(outcome.ticket);
    CHECK_FALSE(outcome.delivered);
    CHECK(screen.screens().kiosk.model().page == kiosk::Page::refused);

    // ticket.printed failed cancelled it: nothing is left to call.
    protocol::DeviceClient counter(site.device("poste-1"));
    counter.start();
    REQUIRE(ask(counter, protocol::CounterOpen{}).ok);
    const auto next = ask(counter, protocol::CallNext{});
    CHECK_FALSE(next.ok);
    REQUIRE(next.error);
    CHECK(next.error->code == "queue_empty");
}

TEST_CASE("a face touched on the survey terminal is counted once in the day's report",
          "[display][window]") {
    guichet::test::TestSite site;
    site.start_controller();
    guichet::test::TempDir tmp("display-audio");
    HeadlessSdl sdl((tmp / "survey.raw").string());
    const auto config = config_for(site, "avis-1", app::Role::survey);
    app::App screen(config);
    screen.connect();
    const auto& model = [&]() -> const survey::SurveyModel& {
        return screen.screens().survey.model();
    };
    REQUIRE(run_until(screen, [&] { return !model().site_name.empty(); }));
    const auto faces = survey::layout(model(), config.width, config.height,
                                      screen.screens().theme().text.px_per_mm);
    const auto very_satisfied = [](const survey::Button& b) { return b.score == 4; };
    const auto unhappy = [](const survey::Button& b) { return b.score == 2; };
    touch_button(faces, very_satisfied, config);
    touch_button(faces, very_satisfied, config);  // pressed again at once: the lock-out
    touch_button(faces, unhappy, config);
    REQUIRE(run_until(screen, [&] { return model().recorded.has_value(); }));
    CHECK(*model().recorded);
    CHECK(model().score == 4);

    const auto today = date::format(
        "%F", date::make_zoned("Europe/Paris", std::chrono::system_clock::now()).get_local_time());
    std::string out;
    REQUIRE(site.cli({"report", "--day", today, "--format", "json"}, &out) == 0);
    const auto report = nlohmann::json::parse(out);
    CHECK(report.at("satisfaction").at("votes") == nlohmann::json::array({0, 0, 0, 1}));
}
