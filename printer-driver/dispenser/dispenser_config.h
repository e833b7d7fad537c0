// dispenser.toml: one ticket dispenser box (see hardware/sites/ for examples).
//
// Contract: load_dispenser_config() returns a complete, checked config or
// throws ConfigError whose message names the file, the line and the reason.
// Relative paths (profiles folder, logo) are taken from the config's folder.
// Each [[button]] maps an input (an evdev key name/code, or a stdin line) to
// a service, with its ticket labels and language.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "printer-driver/dispenser/dispenser_core.h"

namespace guichet::printer {

class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ButtonConfig {
    std::optional<int> key_code;  // evdev EV_KEY code ("KEY_1" or a number)
    std::string line;             // stdin line that presses it (default: the service id)
    std::string service;
    std::string fr;
    std::string en;
    std::string lang = "fr";
    bool priority = false;
};

struct DispenserConfig {
    std::string site;
    std::string device;
    std::string password;
    std::string broker = "tcp://127.0.0.1:1883";
    std::string profile;
    std::filesystem::path profiles_dir;
    std::string printer = "usb";
    std::string input = "stdin";  // or "evdev:/dev/input/..."
    int status_every_s = 5;
    std::string site_name;
    std::vector<std::string> footer;
    std::optional<std::string> qr;
    std::optional<std::filesystem::path> logo;
    std::vector<ButtonConfig> buttons;
};

DispenserConfig load_dispenser_config(const std::filesystem::path& file);

// What DispenserCore prints with (dispenser and printing kiosk alike): the profile `profile` of
// `profiles_dir` (ConfigError naming both when unknown) and the logo scaled to the paper; no
// services yet.
DispenserSettings printing_settings(const std::filesystem::path& profiles_dir,
                                    const std::string& profile, std::string site_name,
                                    std::vector<std::string> footer, std::optional<std::string> qr,
                                    const std::optional<std::filesystem::path>& logo);
// "KEY_1", "KEY_A", "KEY_F5", "KEY_KP3", "KEY_ENTER", "KEY_SPACE" -> evdev code.
std::optional<int> key_code(const std::string& name);

}  // namespace guichet::printer
