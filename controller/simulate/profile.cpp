#include "controller/simulate/profile.h"

#include <cstdio>

#include <toml++/toml.h>

namespace guichet::simulate {
namespace {

constexpr const char* kWeekdays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct Invalid {
    std::string message;
};

[[noreturn]] void fail(const toml::node& node, const std::string& reason) {
    throw Invalid{"line " + std::to_string(node.source().begin.line) + ": " + reason};
}

double positive(const toml::table& t, const char* key, double fallback, bool zero_ok = false) {
    const toml::node* node = t.get(key);
    if (!node) return fallback;
    std::optional<double> v = node->value<double>();
    if (!v || *v < 0 || (!zero_ok && *v == 0)) {
        fail(*node, std::string("'") + key + "' must be a " +
                        (zero_ok ? "non-negative" : "positive") + " number");
    }
    return *v;
}

double share(const toml::table& t, const char* key, double fallback) {
    const double v = positive(t, key, fallback, true);
    if (v > 1) fail(*t.get(key), std::string("'") + key + "' is a share between 0 and 1");
    return v;
}

int clock_minutes(const toml::node& node) {
    std::optional<std::string> s = node.value<std::string>();
    int h = 0;
    int m = 0;
    char colon = 0;
    if (!s || std::sscanf(s->c_str(), "%d%c%d", &h, &colon, &m) != 3 || colon != ':' || h < 0 ||
        h > 23 || m < 0 || m > 59) {
        fail(node, "expected a local time \"HH:MM\"");
    }
    return h * 60 + m;
}

ServiceProfile service(const toml::table& t) {
    ServiceProfile s;
    const std::optional<std::string> id = t["id"].value<std::string>();
    if (!id) fail(t, "[[service]] needs an 'id'");
    s.id = *id;
    s.mean_s = positive(t, "mean_min", s.mean_s / 60) * 60;
    s.cv = positive(t, "cv", s.cv, true);
    for (int day = 0; day < 7; ++day) {
        const toml::node* node = t.get(kWeekdays[day]);
        if (!node) continue;
        const toml::array* hours = node->as_array();
        if (!hours || hours->size() != 24) fail(*node, "expected 24 hourly rates (00:00 to 23:00)");
        for (std::size_t h = 0; h < 24; ++h) {
            std::optional<double> v = (*hours)[h].value<double>();
            if (!v || *v < 0)
                fail((*hours)[h], "a rate is a non-negative number of visitors per hour");
            s.per_hour[day][h] = *v;
        }
    }
    return s;
}

CounterProfile counter(const toml::table& t) {
    CounterProfile c;
    const std::optional<std::string> id = t["id"].value<std::string>();
    if (!id) fail(t, "[[counter]] needs an 'id'");
    c.id = *id;
    c.speed = positive(t, "speed", c.speed);
    if (const toml::node* at = t.get("break")) {
        c.break_at_min = clock_minutes(*at);
        c.break_min = static_cast<int>(positive(t, "break_min", 45));
    }
    return c;
}

Profile parse(const toml::table& root) {
    Profile p;
    if (const toml::table* pop = root["population"].as_table()) {
        p.patience_mean_s = positive(*pop, "patience_mean_min", p.patience_mean_s / 60) * 60;
        p.no_show_share = share(*pop, "no_show_share", p.no_show_share);
        p.no_show_delay_s = positive(*pop, "no_show_delay_s", p.no_show_delay_s);
        p.priority_share = share(*pop, "priority_share", p.priority_share);
        p.balk_over_s = positive(*pop, "balk_over_min", p.balk_over_s / 60) * 60;
        p.balk_share = share(*pop, "balk_share", p.balk_share);
    }
    if (const toml::array* services = root["service"].as_array()) {
        for (const toml::node& node : *services) {
            if (!node.as_table()) fail(node, "[[service]] must be a table");
            p.services.push_back(service(*node.as_table()));
        }
    }
    if (p.services.empty()) throw Invalid{"the profile needs at least one [[service]]"};
    if (const toml::array* counters = root["counter"].as_array()) {
        for (const toml::node& node : *counters) {
            if (!node.as_table()) fail(node, "[[counter]] must be a table");
            p.counters.push_back(counter(*node.as_table()));
        }
    }
    return p;
}

}  // namespace

std::variant<Profile, std::string> parse_profile(std::string_view text) {
    try {
        return parse(toml::parse(text));
    } catch (const toml::parse_error& e) {
        return "line " + std::to_string(e.source().begin.line) + ": " +
               std::string(e.description());
    } catch (const Invalid& e) {
        return e.message;
    }
}

}  // namespace guichet::simulate
