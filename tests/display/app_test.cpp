#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <thread>

#include "controller/config/site_config.h"
#include "display/app/app.h"
#include "display/app/config.h"
#include "display/board/board.h"
#include "display/sdl/canvas.h"
#include "display/sdl/image.h"
#include "display/sdl/sound.h"
#include "display/sdl/text.h"
#include "tests/display/image_compare.h"
#include "tests/display/render_support.h"
#include "tests/support/temp_dir.h"

using namespace guichet::display;

TEST_CASE("a display.toml with every key is read", "[display][config]") {
    const auto parsed = app::parse_display_config(R"(
[display]
role = "counter"
site = "mairie-11"
device = "poste-3"
counter = "3"
face = "public"
width = 1280
height = 480
screen_mm = [345, 129]
viewing_distance_m = 3
lost_after_s = 10
chime = false
announce = false
services = ["etat-civil", "titres"]
[broker]
url = "tcp://10.0.0.2:1883"
password = "s3cret"
)",
                                                  "display.toml");
    REQUIRE(std::holds_alternative<app::DisplayConfig>(parsed));
    const auto& c = std::get<app::DisplayConfig>(parsed);
    CHECK(c.role == app::Role::counter);
    CHECK(c.counter == "3");
    CHECK(c.public_face);
    CHECK(c.width_mm == 345);
    CHECK(c.lost_after == std::chrono::seconds(10));
    CHECK_FALSE(c.chime);
    CHECK(c.services == std::vector<std::string>{"etat-civil", "titres"});
    CHECK(c.broker_url == "tcp://10.0.0.2:1883");
}

TEST_CASE("a survey terminal's display.toml sets its service step and lock-out",
          "[display][config]") {
    const auto parsed = app::parse_display_config(
        "[display]\nrole = \"survey\"\nsite = \"s\"\ndevice = \"avis\"\nask_service = true\n"
        "lockout_s = 5\n",
        "display.toml");
    REQUIRE(std::holds_alternative<app::DisplayConfig>(parsed));
    const auto& c = std::get<app::DisplayConfig>(parsed);
    CHECK(c.role == app::Role::survey);
    CHECK(c.ask_service);
    CHECK(c.lockout == std::chrono::seconds(5));
}

TEST_CASE("a kiosk's printer table names the printer, its profile and the ticket's texts",
          "[display][config]") {
    const auto parsed = app::parse_display_config(R"([display]
role = "kiosk"
site = "s"
device = "borne"
[printer]
printer = "virtual:tickets"
profile = "generic-80mm"
profiles = "profiles"
site_name = "Mairie de test"
footer = ["Bonne journée"]
logo = "logo.png"
)",
                                                  "/etc/guichet/display.toml");
    REQUIRE(std::holds_alternative<app::DisplayConfig>(parsed));
    const auto& p = std::get<app::DisplayConfig>(parsed).printer;
    REQUIRE(p);
    CHECK(p->printer == "virtual:tickets");
    CHECK(p->profile == "generic-80mm");
    CHECK(p->profiles_dir == "/etc/guichet/profiles");  // relative to the file
    CHECK(p->footer == std::vector<std::string>{"Bonne journée"});
    CHECK_FALSE(p->qr);
    CHECK(p->logo == "/etc/guichet/logo.png");
    // Only a kiosk prints, and a printer needs its profile.
    const auto board = app::parse_display_config(
        "[display]\nsite = \"s\"\ndevice = \"d\"\n[printer]\nprofile = \"x\"\n", "display.toml");
    CHECK(std::get<std::string>(board) == "display.toml:4: [printer]: only a kiosk prints");
    const auto no_profile = app::parse_display_config(
        "[display]\nrole = \"kiosk\"\nsite = \"s\"\ndevice = \"d\"\n[printer]\nprinter = \"usb\"\n",
        "display.toml");
    CHECK(std::get<std::string>(no_profile).find("printer.profile") != std::string::npos);
}

TEST_CASE("every example screen is a device of the example town hall, with its role and password",
          "[display][config]") {
    const auto site_file =
        guichet::config::load_site_config(GUICHET_SOURCE_DIR "/hardware/sites/mairie-11.toml");
    REQUIRE(std::holds_alternative<guichet::config::SiteConfig>(site_file));
    const auto& site = std::get<guichet::config::SiteConfig>(site_file);
    // A board is a "display" device in the site's words.
    const std::map<std::string, std::string> site_role = {
        {"board", "display"}, {"counter", "counter"}, {"kiosk", "kiosk"}, {"survey", "survey"}};
    for (const auto& [name, role] : site_role) {
        INFO(name);
        const auto loaded = app::load_display_config(std::string(GUICHET_SOURCE_DIR) +
                                                     "/display/examples/" + name + ".toml");
        REQUIRE(std::holds_alternative<app::DisplayConfig>(loaded));
        const auto& screen = std::get<app::DisplayConfig>(loaded);
        CHECK(screen.site == site.id);
        const guichet::config::Device* device = site.device(screen.device);
        REQUIRE(device);
        // The broker lets a device in with the site's password, and the controller answers it
        // with the rights of the site's role: both must agree with the screen.
        CHECK(app::to_string(screen.role) == name);
        CHECK(guichet::config::to_string(device->role) == role);
        CHECK(device->password == screen.password);
        CHECK(device->counter == screen.counter);
    }
}

TEST_CASE("a bad display.toml is refused with the file, line and reason", "[display][config]") {
    const auto error = [](const std::string& text) {
        const auto parsed = app::parse_display_config(text, "display.toml");
        REQUIRE(std::holds_alternative<std::string>(parsed));
        return std::get<std::string>(parsed);
    };
    CHECK(error("[display]\nsite = \"s\"\ndevice = \"d\"\nrole = \"tv\"\n") ==
          "display.toml:4: role: expected board, kiosk, counter or survey");
    CHECK(error("[display]\nsite = \"s\"\ndevice = \"d\"\nwidht = 1920\n") ==
          "display.toml:4: unknown key display.widht");
    CHECK(
        error("[display]\nsite = \"s\"\ndevice = \"d\"\nrole = \"counter\"\n").find("counter id") !=
        std::string::npos);
    CHECK(error("[display]\nsite = \"S P\"\ndevice = \"d\"\n").find("site") != std::string::npos);
    CHECK(error("[display]\nsite = \"s\"\ndevice = \"d\"\nscreen_mm = [1]\n") ==
          "display.toml:4: screen_mm: expected [width, height] in millimetres");
    CHECK(error("[display\n").rfind("display.toml:1: ", 0) == 0);
}

TEST_CASE("the chime is two decaying tones, E5 then C5, without clipping", "[display][sound]") {
    const auto chime = sdl::make_chime(sdl::kSoundRate);
    REQUIRE(chime.size() == 2 * static_cast<std::size_t>(sdl::kSoundRate * 45 / 100));
    const auto frequency = [&](std::size_t from, std::size_t count) {
        int crossings = 0;
        for (std::size_t i = from + 1; i < from + count; ++i) {
            crossings += (chime[i - 1] < 0) != (chime[i] < 0);
        }
        return crossings / 2.0 / (static_cast<double>(count) / sdl::kSoundRate);
    };
    const std::size_t half = chime.size() / 2;
    CHECK(frequency(0, half / 2) == Approx(659.25).epsilon(0.03));
    CHECK(frequency(half, half / 2) == Approx(523.25).epsilon(0.03));
    int peak = 0;
    for (auto s : chime) peak = std::max(peak, std::abs(static_cast<int>(s)));
    CHECK(peak > 8000);
    CHECK(peak < 32000);
    // It fades out: the end of each tone is much quieter than its start.
    CHECK(std::abs(chime[half - 10]) < peak / 5);
}

TEST_CASE("espeak-ng speaks the French announcement", "[display][sound]") {
    sdl::SdlSession session;
    const auto speech =
        sdl::synthesize_french("espeak-ng", "Ticket A, quarante-deux. Guichet trois.");
    REQUIRE(speech);
    // About two seconds of speech, not silence.
    CHECK(speech->size() > static_cast<std::size_t>(sdl::kSoundRate));
    CHECK(speech->size() < static_cast<std::size_t>(10 * sdl::kSoundRate));
    int peak = 0;
    for (auto s : *speech) peak = std::max(peak, std::abs(static_cast<int>(s)));
    CHECK(peak > 3000);
    CHECK_FALSE(sdl::synthesize_french("/nonexistent/espeak-ng", "Bonjour"));
}

TEST_CASE("an unchanged screen is redrawn from cached text textures", "[display][text]") {
    test::render(1, 1, [](ui::Canvas&) {});  // SDL_ttf ready
    sdl::Offscreen target(1920, 1080);
    sdl::Fonts fonts;
    sdl::TextCache cache(target.renderer(), fonts);
    sdl::SdlCanvas canvas(target.renderer(), cache, 1920, 1080);
    board::BoardModel model;
    model.state = test::mairie_board(8);
    const auto theme = test::board_theme(1920, 1080);
    board::draw(canvas, model, theme, test::fixed_now());
    const auto misses = cache.misses();
    CHECK(misses > 20);
    board::draw(canvas, model, theme, test::fixed_now());
    CHECK(cache.misses() == misses);  // nothing rendered twice
    CHECK(cache.hits() >= misses);
}

TEST_CASE("a full text cache drops the least recently drawn text, not what is on screen",
          "[display][text]") {
    test::render(1, 1, [](ui::Canvas&) {});  // SDL_ttf ready
    sdl::Offscreen target(64, 64);
    sdl::Fonts fonts;
    sdl::TextCache cache(target.renderer(), fonts, 3);
    const ui::Font font{20, false};
    for (const char* text : {"A001", "B002", "C003", "A001", "D004"}) cache.get(text, font, {});
    REQUIRE(cache.misses() == 4);  // D004 took the place of B002, the least recently drawn
    for (const char* text : {"A001", "C003", "D004"}) cache.get(text, font, {});
    CHECK(cache.misses() == 4);
    CHECK(cache.get("B002", font, {}).texture != nullptr);
    CHECK(cache.misses() == 5);
}

TEST_CASE("a board's render thread and the threads it starts get priority when allowed",
          "[display][priority]") {
    // In a thread of its own: the raised priority stays with the thread that asked.
    std::thread([] {
        const bool raised = app::raise_render_priority();
        const int expected = raised ? -10 : 0;
        CHECK(::getpriority(PRIO_PROCESS, 0) == expected);
        if (::geteuid() == 0) CHECK(raised);  // root may always
        std::thread([expected] { CHECK(::getpriority(PRIO_PROCESS, 0) == expected); }).join();
    }).join();
}

TEST_CASE("guichet-display --snapshot renders a state file to a PNG", "[display][cli]") {
    guichet::test::TempDir dir("display-snapshot");
    const std::string out = (dir / "board.png").string();
    const std::string source = GUICHET_SOURCE_DIR;
    const std::string command =
        std::string(GUICHET_DISPLAY_BIN) + " --config " + source +
        "/display/examples/board.toml --state " + source +
        "/display/examples/board-state.json --at 2026-11-23T10:42:00+01:00 --snapshot " + out;
    REQUIRE(std::system(command.c_str()) == 0);
    test::render(1, 1, [](ui::Canvas&) {});  // SDL_image ready
    const auto png = sdl::load_png(out);
    REQUIRE(png);
    CHECK(test::check_reference(png.get(), "cli_board_snapshot") == "");
    // A state that is not a board is refused, with the field named.
    const std::string bad = std::string(GUICHET_DISPLAY_BIN) + " --config " + source +
                            "/display/examples/board.toml --state " + source +
                            "/display/examples/counter-state.json --snapshot " + out +
                            " 2>/dev/null";
    const int status = std::system(bad.c_str());
    CHECK(WEXITSTATUS(status) == 2);
}
