// The configuration of one screen (display.toml).
//
// Contract: load_display_config() returns a complete DisplayConfig or an
// error "file:line: reason"; unknown keys are refused so that a typo never
// goes unnoticed. Every key has a default except [display] site and device.
//
//   [display]
//   role = "board"            # board | kiosk | counter | survey
//   site = "mairie-11"
//   device = "ecran-salle"
//   counter = "3"             # role = "counter": which counter
//   face = "agent"            # role = "counter": agent | public
//   width = 1920              # pixels drawn (the window size)
//   height = 1080
//   fullscreen = false
//   screen_mm = [1218, 685]   # active area as mounted
//   viewing_distance_m = 6    # the farthest reader
//   timezone = "Europe/Paris"
//   font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
//   font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
//   lost_after_s = 30         # "Connexion perdue" after this long without broker/controller
//   chime = true              # board: two-tone chime on a call
//   announce = true           # board: French announcement through espeak-ng
//   espeak = "espeak-ng"
//   services = []             # kiosk: what it may issue; survey: what it asks about (empty = all)
//   idle_warning_s = 45       # kiosk
//   idle_reset_s = 15         # kiosk: after the warning; survey: back home when left untouched
//   ask_service = false       # survey: ask the visitor's service before the faces
//   lockout_s = 3             # survey: "Merci !" shown and no other vote taken this long
//
//   [broker]
//   url = "tcp://127.0.0.1:1883"
//   password = ""             # the MQTT username is the device id
//
//   [printer]                 # kiosk only; without it the screen is the ticket
//   printer = "usb"           # usb | file:PATH | virtual:DIR (as guichet-dispenser)
//   profile = "epson-tm-t20iii"
//   profiles = "../../hardware/profiles"   # relative to this file
//   site_name = "Mairie du 11e arrondissement"
//   footer = ["..."]
//   qr = "https://..."
//   logo = "logo.png"         # relative to this file
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "display/kiosk/printer_ticket_issuer.h"
#include "display/sdl/text.h"

namespace guichet::display::app {

enum class Role { board, kiosk, counter, survey };

struct DisplayConfig {
    Role role = Role::board;
    std::string site;
    std::string device;
    std::string counter;
    bool public_face = false;
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;
    double width_mm = 1218;
    double height_mm = 685;
    double viewing_distance_m = 6;
    std::string timezone = "Europe/Paris";
    std::string font = sdl::kDefaultFont;
    std::string font_bold = sdl::kDefaultBoldFont;
    std::chrono::seconds lost_after{30};
    bool chime = true;
    bool announce = true;
    std::string espeak = "espeak-ng";
    std::vector<std::string> services;
    std::chrono::seconds idle_warning{45};
    std::chrono::seconds idle_reset{15};
    bool ask_service = false;
    std::chrono::seconds lockout{3};
    std::string broker_url = "tcp://127.0.0.1:1883";
    std::string password;
    std::optional<kiosk::PrinterSettings> printer;
};

std::variant<DisplayConfig, std::string> load_display_config(const std::string& path);
std::variant<DisplayConfig, std::string> parse_display_config(std::string_view text,
                                                              const std::string& path);

std::string to_string(Role role);
std::optional<Role> role_from_string(std::string_view s);

}  // namespace guichet::display::app
