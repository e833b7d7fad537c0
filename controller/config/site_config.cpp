#include "controller/config/site_config.h"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "controller/config/site_time.h"

namespace guichet::config {

namespace {

// Thrown inside the parser only; load_site_config turns it into a ConfigError.
struct Invalid {
    int line;
    std::string reason;
};

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

[[noreturn]] void fail(const toml::node& node, std::string reason) {
    throw Invalid{line_of(node), std::move(reason)};
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id[0])) return false;
    return std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '-'; });
}

// Every key a table may hold; anything else is a typo the manager must hear about.
void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
               std::string_view where) {
    for (const auto& [key, value] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
            fail(value, "unknown key '" + std::string(key.str()) + "' in " + std::string(where));
    }
}

const toml::table& require_table(const toml::table& parent, std::string_view key) {
    const toml::node* node = parent.get(key);
    if (!node) throw Invalid{line_of(parent), "missing [" + std::string(key) + "] table"};
    if (!node->is_table()) fail(*node, "'" + std::string(key) + "' must be a table");
    return *node->as_table();
}

std::string get_string(const toml::table& t, std::string_view key, const std::string* fallback) {
    const toml::node* node = t.get(key);
    if (!node) {
        if (fallback) return *fallback;
        throw Invalid{line_of(t), "missing key '" + std::string(key) + "'"};
    }
    if (!node->is_string()) fail(*node, "'" + std::string(key) + "' must be a string");
    return std::string(node->as_string()->get());
}

std::string required_string(const toml::table& t, std::string_view key) {
    return get_string(t, key, nullptr);
}

std::string optional_string(const toml::table& t, std::string_view key, std::string fallback) {
    return get_string(t, key, &fallback);
}

std::int64_t optional_int(const toml::table& t, std::string_view key, std::int64_t fallback,
                          std::int64_t min, std::int64_t max) {
    const toml::node* node = t.get(key);
    if (!node) return fallback;
    if (!node->is_integer()) fail(*node, "'" + std::string(key) + "' must be a whole number");
    std::int64_t v = node->as_integer()->get();
    if (v < min || v > max)
        fail(*node, "'" + std::string(key) + "' must be between " + std::to_string(min) + " and " +
                        std::to_string(max));
    return v;
}

std::vector<std::string> string_list(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (!node) return out;
    if (!node->is_array()) fail(*node, "'" + std::string(key) + "' must be a list of strings");
    for (const toml::node& item : *node->as_array()) {
        if (!item.is_string()) fail(item, "'" + std::string(key) + "' must hold strings");
        out.emplace_back(item.as_string()->get());
    }
    return out;
}

// A label is either "same in both languages" or { fr = "...", en = "..." }.
Text text(const toml::table& t, std::string_view key, bool required) {
    const toml::node* node = t.get(key);
    if (!node) {
        if (required) throw Invalid{line_of(t), "missing key '" + std::string(key) + "'"};
        return {};
    }
    if (node->is_string()) {
        std::string s(node->as_string()->get());
        return {s, s};
    }
    if (!node->is_table())
        fail(*node, "'" + std::string(key) + "' must be a string or { fr = \"…\", en = \"…\" }");
    const toml::table& tt = *node->as_table();
    only_keys(tt, {"fr", "en"}, key);
    Text out;
    out.fr = required_string(tt, "fr");
    out.en = optional_string(tt, "en", out.fr);
    return out;
}

std::chrono::minutes clock_time(const toml::table& t, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) throw Invalid{line_of(t), "missing key '" + std::string(key) + "'"};
    int h = -1, m = -1;
    if (node->is_string()) {
        std::string s(node->as_string()->get());
        char colon = 0;
        std::istringstream in(s);
        if (!(in >> h >> colon >> m) || colon != ':' || !in.eof()) h = -1;
    } else if (node->is_time()) {
        h = node->as_time()->get().hour;
        m = node->as_time()->get().minute;
    }
    if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
        fail(*node, "'" + std::string(key) + "' must be a time like \"08:30\"");
    return std::chrono::hours(h) + std::chrono::minutes(m);
}

int weekday_number(const toml::node& node, std::string_view name) {
    static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    for (int i = 0; i < 7; ++i)
        if (name == names[i]) return i;
    fail(node, "unknown day '" + std::string(name) + "' (use mon, tue, wed, thu, fri, sat, sun)");
}

std::chrono::seconds minutes_key(const toml::table& t, std::string_view key, int fallback,
                                 int max) {
    return std::chrono::minutes(optional_int(t, key, fallback, 0, max));
}

// A duration in minutes that may be absent (nothing configured) but not zero.
std::optional<std::chrono::seconds> optional_minutes(const toml::table& t, std::string_view key) {
    if (!t.get(key)) return std::nullopt;
    return std::chrono::minutes(optional_int(t, key, 0, 1, 24 * 60));
}

template <typename F>
void each_table(const toml::table& root, std::string_view key, F&& f) {
    const toml::node* node = root.get(key);
    if (!node) return;
    if (!node->is_array_of_tables())
        fail(*node, "'" + std::string(key) + "' must be written [[" + std::string(key) + "]]");
    for (const toml::node& item : *node->as_array()) f(*item.as_table());
}

SiteConfig build(const toml::table& root, const std::string& path) {
    only_keys(
        root,
        {"site", "broker", "store", "hours", "closure", "service", "counter", "device", "reports"},
        "the file");
    SiteConfig c;
    c.path = path;

    const toml::table& site = require_table(root, "site");
    only_keys(site, {"id", "name", "timezone", "capacity", "notice", "return_after_min"}, "[site]");
    c.id = required_string(site, "id");
    if (!valid_id(c.id)) fail(*site.get("id"), "site id must match [a-z0-9][a-z0-9-]{0,31}");
    c.name = required_string(site, "name");
    c.timezone = optional_string(site, "timezone", c.timezone);
    if (!find_zone(c.timezone))
        fail(site.get("timezone") ? *site.get("timezone") : static_cast<const toml::node&>(site),
             "unknown time zone '" + c.timezone + "'");
    c.capacity = static_cast<int>(optional_int(site, "capacity", 0, 0, 100000));
    if (site.get("notice")) c.notice = text(site, "notice", true);
    const std::optional<std::chrono::seconds> site_return_after =
        optional_minutes(site, "return_after_min");

    if (const toml::node* b = root.get("broker")) {
        if (!b->is_table()) fail(*b, "'broker' must be a table");
        const toml::table& bt = *b->as_table();
        only_keys(bt, {"url", "username", "password"}, "[broker]");
        c.broker.url = optional_string(bt, "url", c.broker.url);
        c.broker.username = optional_string(bt, "username", c.broker.username);
        c.broker.password = optional_string(bt, "password", "");
    }
    if (const toml::node* s = root.get("store")) {
        if (!s->is_table()) fail(*s, "'store' must be a table");
        only_keys(*s->as_table(), {"path"}, "[store]");
        c.store_path = optional_string(*s->as_table(), "path", c.store_path);
    }
    if (const toml::node* r = root.get("reports")) {
        if (!r->is_table()) fail(*r, "'reports' must be a table");
        const toml::table& rt = *r->as_table();
        only_keys(rt, {"folder", "formats", "after_closing_min"}, "[reports]");
        c.reports.folder = required_string(rt, "folder");
        if (rt.get("formats")) {
            c.reports.formats = string_list(rt, "formats");
            if (c.reports.formats.empty()) fail(*rt.get("formats"), "'formats' must not be empty");
            for (const std::string& f : c.reports.formats)
                if (f != "html" && f != "csv" && f != "json")
                    fail(*rt.get("formats"), "unknown report format '" + f + "' (html, csv, json)");
        }
        c.reports.after_closing =
            std::chrono::minutes(optional_int(rt, "after_closing_min", 30, 0, 24 * 60));
    }

    each_table(root, "service", [&](const toml::table& t) {
        only_keys(t,
                  {"id", "prefix", "label", "target_wait_min", "mean_service_min",
                   "cutoff_margin_min", "return_after_min", "daily_quota"},
                  "[[service]]");
        Service s;
        s.id = required_string(t, "id");
        if (!valid_id(s.id)) fail(*t.get("id"), "service id must match [a-z0-9][a-z0-9-]{0,31}");
        if (c.service(s.id)) fail(*t.get("id"), "service '" + s.id + "' is declared twice");
        s.prefix = required_string(t, "prefix");
        if (s.prefix.size() != 1 || s.prefix[0] < 'A' || s.prefix[0] > 'Z')
            fail(*t.get("prefix"), "prefix must be one capital letter A–Z");
        for (const Service& other : c.services)
            if (other.prefix == s.prefix)
                fail(*t.get("prefix"),
                     "prefix '" + s.prefix + "' is already used by service '" + other.id + "'");
        s.label = text(t, "label", true);
        s.target_wait = minutes_key(t, "target_wait_min", 20, 24 * 60);
        s.mean_service = minutes_key(t, "mean_service_min", 8, 24 * 60);
        s.cutoff_margin = minutes_key(t, "cutoff_margin_min", 0, 24 * 60);
        s.return_after = optional_minutes(t, "return_after_min");
        if (!s.return_after) s.return_after = site_return_after;
        if (t.get("daily_quota"))
            s.daily_quota = static_cast<int>(optional_int(t, "daily_quota", 0, 1, 100000));
        if (s.target_wait.count() == 0) fail(*t.get("target_wait_min"), "target wait must be > 0");
        if (s.mean_service.count() == 0)
            fail(*t.get("mean_service_min"), "mean service time must be > 0");
        c.services.push_back(std::move(s));
    });
    if (c.services.empty()) throw Invalid{0, "no [[service]] declared: a site needs at least one"};

    auto check_services = [&](const toml::table& t, const std::vector<std::string>& ids) {
        for (const std::string& id : ids)
            if (!c.service(id)) fail(*t.get("services"), "unknown service '" + id + "'");
    };

    each_table(root, "counter", [&](const toml::table& t) {
        only_keys(t, {"id", "label", "services", "policy", "agent"}, "[[counter]]");
        Counter k;
        k.id = required_string(t, "id");
        if (!valid_id(k.id)) fail(*t.get("id"), "counter id must match [a-z0-9][a-z0-9-]{0,31}");
        if (c.counter(k.id)) fail(*t.get("id"), "counter '" + k.id + "' is declared twice");
        k.label = optional_string(t, "label", "Guichet " + k.id);
        k.services = string_list(t, "services");
        if (k.services.empty())
            throw Invalid{line_of(t), "counter '" + k.id + "' serves no service"};
        check_services(t, k.services);
        std::string policy = optional_string(t, "policy", "balanced");
        if (policy == "balanced") {
            k.policy = engine::CallPolicy::balanced;
        } else if (policy == "ordered") {
            k.policy = engine::CallPolicy::ordered;
        } else {
            fail(*t.get("policy"), "policy must be \"balanced\" or \"ordered\"");
        }
        if (const toml::node* a = t.get("agent")) {
            if (!a->is_table()) fail(*a, "'agent' must be { name = \"…\", function = \"…\" }");
            only_keys(*a->as_table(), {"name", "function"}, "agent");
            k.agent = Agent{optional_string(*a->as_table(), "name", ""),
                            optional_string(*a->as_table(), "function", "")};
        }
        c.counters.push_back(std::move(k));
    });

    each_table(root, "hours", [&](const toml::table& t) {
        only_keys(t, {"days", "open", "close", "services"}, "[[hours]]");
        Hours h;
        const toml::node* days = t.get("days");
        if (!days) throw Invalid{line_of(t), "missing key 'days'"};
        for (const std::string& d : string_list(t, "days"))
            h.weekdays.push_back(weekday_number(*days, d));
        if (h.weekdays.empty()) fail(*days, "'days' must name at least one day");
        h.open = clock_time(t, "open");
        h.close = clock_time(t, "close");
        if (h.close <= h.open) fail(*t.get("close"), "closing time must be after opening time");
        h.services = string_list(t, "services");
        check_services(t, h.services);
        c.hours.push_back(std::move(h));
    });

    each_table(root, "closure", [&](const toml::table& t) {
        only_keys(t, {"date", "reason"}, "[[closure]]");
        const toml::node* d = t.get("date");
        if (!d) throw Invalid{line_of(t), "missing key 'date'"};
        ClosureDay day;
        if (d->is_date()) {
            std::ostringstream s;
            s << d->as_date()->get();
            day.date = s.str();
        } else if (d->is_string() && d->as_string()->get().size() == 10) {
            day.date = std::string(d->as_string()->get());
        } else {
            fail(*d, "'date' must be a date like 2026-12-25");
        }
        day.reason = text(t, "reason", false);
        c.closures.push_back(std::move(day));
    });

    each_table(root, "device", [&](const toml::table& t) {
        only_keys(t, {"id", "role", "services", "counter", "password"}, "[[device]]");
        Device d;
        d.id = required_string(t, "id");
        if (!valid_id(d.id)) fail(*t.get("id"), "device id must match [a-z0-9][a-z0-9-]{0,31}");
        if (d.id == c.broker.username)
            fail(*t.get("id"), "device id '" + d.id + "' is the controller's broker user name");
        if (c.device(d.id)) fail(*t.get("id"), "device '" + d.id + "' is declared twice");
        std::string role = required_string(t, "role");
        auto r = role_from_string(role);
        if (!r)
            fail(*t.get("role"), "unknown role '" + role +
                                     "' (dispenser, kiosk, counter, display, sensor, survey)");
        d.role = *r;
        d.services = string_list(t, "services");
        check_services(t, d.services);
        d.counter = optional_string(t, "counter", "");
        if (d.role == Role::counter) {
            if (d.counter.empty())
                throw Invalid{line_of(t), "counter device '" + d.id + "' must name its counter"};
            if (!c.counter(d.counter))
                fail(*t.get("counter"), "unknown counter '" + d.counter + "'");
        } else if (!d.counter.empty()) {
            fail(*t.get("counter"), "only counter devices name a counter");
        }
        d.password = optional_string(t, "password", "");
        c.devices.push_back(std::move(d));
    });
    return c;
}

}  // namespace

const Service* SiteConfig::service(const std::string& id) const {
    for (const Service& s : services)
        if (s.id == id) return &s;
    return nullptr;
}

const Counter* SiteConfig::counter(const std::string& id) const {
    for (const Counter& k : counters)
        if (k.id == id) return &k;
    return nullptr;
}

const Device* SiteConfig::device(const std::string& id) const {
    for (const Device& d : devices)
        if (d.id == id) return &d;
    return nullptr;
}

engine::EngineConfig SiteConfig::engine_config() const {
    engine::EngineConfig e;
    for (const Service& s : services) e.services.push_back({s.id, s.prefix, s.target_wait});
    for (const Counter& k : counters) e.counters.push_back({k.id, k.services, k.policy});
    return e;
}

std::string ConfigError::message() const {
    std::string text = file;
    if (line > 0) text += ':' + std::to_string(line);
    return text + ": " + reason;
}

std::variant<SiteConfig, ConfigError> parse_site_config(std::string_view text,
                                                        const std::string& path) {
    try {
        toml::table root = toml::parse(text, path);
        return build(root, path);
    } catch (const toml::parse_error& e) {
        return ConfigError{path, static_cast<int>(e.source().begin.line),
                           std::string(e.description())};
    } catch (const Invalid& e) {
        return ConfigError{path, e.line, e.reason};
    }
}

std::variant<SiteConfig, ConfigError> load_site_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ConfigError{path, 0, "cannot read the file"};
    std::ostringstream s;
    s << in.rdbuf();
    return parse_site_config(s.str(), path);
}

std::string to_string(Role role) {
    switch (role) {
        case Role::dispenser:
            return "dispenser";
        case Role::kiosk:
            return "kiosk";
        case Role::counter:
            return "counter";
        case Role::display:
            return "display";
        case Role::sensor:
            return "sensor";
        case Role::survey:
            return "survey";
    }
    return "dispenser";
}

std::optional<Role> role_from_string(std::string_view s) {
    for (Role r :
         {Role::dispenser, Role::kiosk, Role::counter, Role::display, Role::sensor, Role::survey})
        if (to_string(r) == s) return r;
    return std::nullopt;
}

}  // namespace guichet::config
