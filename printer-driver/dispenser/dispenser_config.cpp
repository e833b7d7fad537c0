#include "printer-driver/dispenser/dispenser_config.h"

#include <linux/input-event-codes.h>

#include <toml++/toml.h>

#include "printer-driver/ticket/logo.h"
#include "protocol/topics.h"

namespace guichet::printer {
namespace {

class Reader {
  public:
    explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& reason) const {
        throw ConfigError(file_.string() + ":" + std::to_string(where.begin.line) + ": " + reason);
    }

    template <typename T>
    T required(const toml::table& t, const char* key) const {
        const auto node = t[key];
        if (!node) fail(t.source(), std::string("missing key '") + key + "'");
        const auto v = node.value<T>();
        if (!v) fail(node.node()->source(), std::string("wrong type for '") + key + "'");
        return *v;
    }

    template <typename T>
    std::optional<T> optional(const toml::table& t, const char* key) const {
        const auto node = t[key];
        if (!node) return std::nullopt;
        const auto v = node.value<T>();
        if (!v) fail(node.node()->source(), std::string("wrong type for '") + key + "'");
        return v;
    }

    std::vector<std::string> strings(const toml::table& t, const char* key) const {
        std::vector<std::string> out;
        const auto node = t[key];
        if (!node) return out;
        const auto* array = node.as_array();
        if (array == nullptr) fail(node.node()->source(), std::string("'") + key + "' is a list");
        for (const auto& item : *array) {
            const auto s = item.value<std::string>();
            if (!s) fail(item.source(), std::string("'") + key + "' holds strings");
            out.push_back(*s);
        }
        return out;
    }

  private:
    std::filesystem::path file_;
};

}  // namespace

std::optional<int> key_code(const std::string& name) {
    if (name.rfind("KEY_", 0) != 0) return std::nullopt;
    const std::string k = name.substr(4);
    static constexpr int kDigits[] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                      KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
    static constexpr int kKeypad[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                      KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
    static constexpr int kLetters[] = {
        KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M,
        KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};
    static constexpr int kFunction[] = {KEY_F1, KEY_F2, KEY_F3, KEY_F4,  KEY_F5,  KEY_F6,
                                        KEY_F7, KEY_F8, KEY_F9, KEY_F10, KEY_F11, KEY_F12};
    if (k.size() == 1 && k[0] >= '0' && k[0] <= '9') return kDigits[k[0] - '0'];
    if (k.size() == 1 && k[0] >= 'A' && k[0] <= 'Z') return kLetters[k[0] - 'A'];
    if (k.size() == 3 && k.rfind("KP", 0) == 0 && k[2] >= '0' && k[2] <= '9') {
        return kKeypad[k[2] - '0'];
    }
    if (k.size() >= 2 && k[0] == 'F') {
        const int n = std::atoi(k.c_str() + 1);
        if (n >= 1 && n <= 12 && std::to_string(n) == k.substr(1)) return kFunction[n - 1];
    }
    if (k == "ENTER") return KEY_ENTER;
    if (k == "SPACE") return KEY_SPACE;
    return std::nullopt;
}

DispenserConfig load_dispenser_config(const std::filesystem::path& file) {
    const Reader r(file);
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                          std::string(e.description()));
    }
    const auto base = file.parent_path();
    DispenserConfig c;
    const auto* d = root["dispenser"].as_table();
    if (d == nullptr) r.fail(root.source(), "missing table [dispenser]");
    c.site = r.required<std::string>(*d, "site");
    c.device = r.required<std::string>(*d, "device");
    for (const auto* key : {"site", "device"}) {
        if (!protocol::is_valid_id(r.required<std::string>(*d, key))) {
            r.fail((*d)[key].node()->source(),
                   std::string("'") + key + "' must match [a-z0-9][a-z0-9-]{0,31}");
        }
    }
    c.password = r.optional<std::string>(*d, "password").value_or("");
    c.broker = r.optional<std::string>(*d, "broker").value_or(c.broker);
    c.profile = r.required<std::string>(*d, "profile");
    c.profiles_dir = base / r.optional<std::string>(*d, "profiles").value_or("../profiles");
    c.printer = r.optional<std::string>(*d, "printer").value_or(c.printer);
    c.input = r.optional<std::string>(*d, "input").value_or(c.input);
    if (c.input != "stdin" && c.input.rfind("evdev:", 0) != 0) {
        r.fail((*d)["input"].node()->source(), "input is \"stdin\" or \"evdev:/dev/input/...\"");
    }
    c.status_every_s = static_cast<int>(r.optional<std::int64_t>(*d, "status_every_s").value_or(5));
    if (c.status_every_s < 1) r.fail(d->source(), "status_every_s must be at least 1");

    if (const auto* t = root["ticket"].as_table()) {
        c.site_name = r.optional<std::string>(*t, "site_name").value_or("");
        c.footer = r.strings(*t, "footer");
        c.qr = r.optional<std::string>(*t, "qr");
        if (const auto logo = r.optional<std::string>(*t, "logo")) c.logo = base / *logo;
    }

    const auto* buttons = root["button"].as_array();
    if (buttons == nullptr || buttons->empty()) r.fail(root.source(), "at least one [[button]]");
    for (const auto& node : *buttons) {
        const auto* b = node.as_table();
        if (b == nullptr) r.fail(node.source(), "[[button]] is a table");
        ButtonConfig button;
        button.service = r.required<std::string>(*b, "service");
        button.fr = r.optional<std::string>(*b, "fr").value_or(button.service);
        button.en = r.optional<std::string>(*b, "en").value_or(button.fr);
        button.lang = r.optional<std::string>(*b, "lang").value_or("fr");
        if (button.lang != "fr" && button.lang != "en") {
            r.fail((*b)["lang"].node()->source(), "lang is \"fr\" or \"en\"");
        }
        button.priority = r.optional<bool>(*b, "priority").value_or(false);
        button.line = r.optional<std::string>(*b, "line").value_or(button.service);
        if (const auto key = (*b)["key"]) {
            if (const auto name = key.value<std::string>()) {
                button.key_code = key_code(*name);
                if (!button.key_code) r.fail(key.node()->source(), "unknown key '" + *name + "'");
            } else if (const auto code = key.value<std::int64_t>(); code && *code > 0) {
                button.key_code = static_cast<int>(*code);
            } else {
                r.fail(key.node()->source(), "key is a name like \"KEY_1\" or an evdev code");
            }
        }
        c.buttons.push_back(button);
    }
    return c;
}

DispenserSettings printing_settings(const std::filesystem::path& profiles_dir,
                                    const std::string& profile, std::string site_name,
                                    std::vector<std::string> footer, std::optional<std::string> qr,
                                    const std::optional<std::filesystem::path>& logo) {
    const auto found = find_profile(load_profiles(profiles_dir), profile);
    if (!found)
        throw ConfigError("unknown printer profile '" + profile + "' in " + profiles_dir.string());
    DispenserSettings settings;
    settings.profile = *found;
    settings.site_name = std::move(site_name);
    settings.footer_lines = std::move(footer);
    settings.qr = std::move(qr);
    if (logo) settings.logo = load_logo(*logo, found->width_dots);
    return settings;
}

}  // namespace guichet::printer
