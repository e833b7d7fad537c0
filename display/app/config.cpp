#include "display/app/config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "protocol/topics.h"

namespace guichet::display::app {

namespace {

struct Problem {
    int line;
    std::string reason;
};

std::string where(const std::string& path, int line, const std::string& reason) {
    return path + ":" + std::to_string(line) + ": " + reason;
}

int line_of(const toml::node& n) {
    return static_cast<int>(n.source().begin.line);
}

template <typename T>
void read(const toml::table& t, const char* key, T& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if constexpr (std::is_same_v<T, bool>) {
        if (!n->is_boolean())
            throw Problem{line_of(*n), std::string(key) + ": expected true or false"};
        out = n->as_boolean()->get();
    } else if constexpr (std::is_same_v<T, int>) {
        if (!n->is_integer())
            throw Problem{line_of(*n), std::string(key) + ": expected a whole number"};
        out = static_cast<int>(n->as_integer()->get());
    } else if constexpr (std::is_same_v<T, double>) {
        const auto v = n->value<double>();
        if (!v) throw Problem{line_of(*n), std::string(key) + ": expected a number"};
        out = *v;
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!n->is_string()) throw Problem{line_of(*n), std::string(key) + ": expected a string"};
        out = n->as_string()->get();
    } else if constexpr (std::is_same_v<T, std::chrono::seconds>) {
        if (!n->is_integer() || n->as_integer()->get() < 0) {
            throw Problem{line_of(*n), std::string(key) + ": expected a number of seconds"};
        }
        out = std::chrono::seconds(n->as_integer()->get());
    }
}

void refuse_unknown(const toml::table& t, const std::set<std::string>& known,
                    const std::string& section) {
    for (const auto& [k, v] : t) {
        if (!known.count(std::string(k.str()))) {
            throw Problem{line_of(v), "unknown key " + section + "." + std::string(k.str())};
        }
    }
}

std::vector<std::string> strings(const toml::table& t, const char* key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) throw Problem{line_of(*n), std::string(key) + ": expected a list of strings"};
    for (const auto& item : *a) {
        if (!item.is_string())
            throw Problem{line_of(item), std::string(key) + ": expected strings"};
        out.push_back(item.as_string()->get());
    }
    return out;
}

kiosk::PrinterSettings build_printer(const toml::table& t, const std::filesystem::path& base) {
    refuse_unknown(t, {"printer", "profile", "profiles", "site_name", "footer", "qr", "logo"},
                   "printer");
    kiosk::PrinterSettings p;
    read(t, "printer", p.printer);
    read(t, "profile", p.profile);
    if (p.profile.empty()) throw Problem{line_of(t), "printer.profile: the printer's profile id"};
    std::string profiles = "../../hardware/profiles", logo;
    read(t, "profiles", profiles);
    p.profiles_dir = base / profiles;
    read(t, "site_name", p.site_name);
    p.footer = strings(t, "footer");
    if (t.get("qr")) read(t, "qr", p.qr.emplace());
    read(t, "logo", logo);
    if (!logo.empty()) p.logo = base / logo;
    return p;
}

DisplayConfig build(const toml::table& root, const std::filesystem::path& base) {
    DisplayConfig c;
    refuse_unknown(root, {"display", "broker", "printer"}, "");
    const toml::table* d = root["display"].as_table();
    if (!d) throw Problem{1, "missing [display]"};
    refuse_unknown(*d,
                   {"role",        "site",     "device",     "counter",        "face",
                    "width",       "height",   "fullscreen", "screen_mm",      "viewing_distance_m",
                    "timezone",    "font",     "font_bold",  "lost_after_s",   "chime",
                    "announce",    "espeak",   "services",   "idle_warning_s", "idle_reset_s",
                    "ask_service", "lockout_s"},
                   "display");
    std::string role = "board", face = "agent";
    read(*d, "role", role);
    const auto r = role_from_string(role);
    if (!r)
        throw Problem{line_of(*d->get("role")), "role: expected board, kiosk, counter or survey"};
    c.role = *r;
    read(*d, "site", c.site);
    read(*d, "device", c.device);
    if (!protocol::is_valid_id(c.site))
        throw Problem{line_of(*d), "site: expected an id like mairie-11"};
    if (!protocol::is_valid_id(c.device))
        throw Problem{line_of(*d), "device: expected an id like ecran-salle"};
    read(*d, "counter", c.counter);
    if (c.role == Role::counter && !protocol::is_valid_id(c.counter)) {
        throw Problem{line_of(*d), "counter: a counter screen needs the counter id"};
    }
    read(*d, "face", face);
    if (face != "agent" && face != "public")
        throw Problem{line_of(*d->get("face")), "face: expected agent or public"};
    c.public_face = face == "public";
    read(*d, "width", c.width);
    read(*d, "height", c.height);
    if (c.width < 320 || c.height < 200)
        throw Problem{line_of(*d), "width/height: at least 320 x 200"};
    read(*d, "fullscreen", c.fullscreen);
    if (const toml::node* mm = d->get("screen_mm")) {
        const toml::array* a = mm->as_array();
        if (!a || a->size() != 2 || !a->get(0)->value<double>() || !a->get(1)->value<double>()) {
            throw Problem{line_of(*mm), "screen_mm: expected [width, height] in millimetres"};
        }
        c.width_mm = *a->get(0)->value<double>();
        c.height_mm = *a->get(1)->value<double>();
        if (c.width_mm <= 0 || c.height_mm <= 0)
            throw Problem{line_of(*mm), "screen_mm: must be positive"};
    }
    read(*d, "viewing_distance_m", c.viewing_distance_m);
    if (c.viewing_distance_m <= 0 || c.viewing_distance_m > 50) {
        throw Problem{line_of(*d->get("viewing_distance_m")),
                      "viewing_distance_m: between 0 and 50"};
    }
    read(*d, "timezone", c.timezone);
    read(*d, "font", c.font);
    read(*d, "font_bold", c.font_bold);
    read(*d, "lost_after_s", c.lost_after);
    read(*d, "chime", c.chime);
    read(*d, "announce", c.announce);
    read(*d, "espeak", c.espeak);
    read(*d, "idle_warning_s", c.idle_warning);
    read(*d, "idle_reset_s", c.idle_reset);
    read(*d, "ask_service", c.ask_service);
    read(*d, "lockout_s", c.lockout);
    c.services = strings(*d, "services");
    if (const toml::table* b = root["broker"].as_table()) {
        refuse_unknown(*b, {"url", "password"}, "broker");
        read(*b, "url", c.broker_url);
        read(*b, "password", c.password);
    }
    if (const toml::table* p = root["printer"].as_table()) {
        if (c.role != Role::kiosk) throw Problem{line_of(*p), "[printer]: only a kiosk prints"};
        c.printer = build_printer(*p, base);
    }
    return c;
}

}  // namespace

std::string to_string(Role role) {
    switch (role) {
        case Role::board:
            return "board";
        case Role::kiosk:
            return "kiosk";
        case Role::counter:
            return "counter";
        case Role::survey:
            return "survey";
    }
    return "board";
}

std::optional<Role> role_from_string(std::string_view s) {
    if (s == "board") return Role::board;
    if (s == "kiosk") return Role::kiosk;
    if (s == "counter") return Role::counter;
    if (s == "survey") return Role::survey;
    return std::nullopt;
}

std::variant<DisplayConfig, std::string> parse_display_config(std::string_view text,
                                                              const std::string& path) {
    try {
        const toml::table root = toml::parse(text, path);
        return build(root, std::filesystem::path(path).parent_path());
    } catch (const toml::parse_error& e) {
        return where(path, static_cast<int>(e.source().begin.line), std::string(e.description()));
    } catch (const Problem& p) {
        return where(path, p.line, p.reason);
    }
}

std::variant<DisplayConfig, std::string> load_display_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) return path + ":0: cannot read the file";
    std::ostringstream text;
    text << in.rdbuf();
    return parse_display_config(text.str(), path);
}

}  // namespace guichet::display::app
