#include "controller/daemon/site_alerts.h"

#include <algorithm>

#include "controller/config/opening_hours.h"
#include "controller/config/site_time.h"
#include "protocol/codec.h"

namespace guichet::daemon {

namespace {

using regulation::AlertEvent;
using regulation::Condition;
using regulation::Level;
using regulation::Time;

// After a restart, how long the alerts left open are kept before being resolved as gone.
constexpr std::chrono::seconds kSettle{10};

regulation::Level level_of(const std::string& name) {
    for (Level l : {Level::info, Level::warning, Level::critical})
        if (regulation::to_string(l) == name) return l;
    return Level::warning;
}

nlohmann::json record_data(const Condition& c) {
    nlohmann::json data = {{"id", c.id},
                           {"kind", c.id.substr(0, c.id.find(':'))},
                           {"level", regulation::to_string(c.level)},
                           {"message", c.message}};
    if (c.service) data["service"] = *c.service;
    if (c.counter) data["counter"] = *c.counter;
    if (c.device) data["device"] = *c.device;
    return data;
}

std::optional<std::string> optional_text(const nlohmann::json& data, const char* key) {
    if (!data.contains(key) || !data[key].is_string()) return std::nullopt;
    return data[key].get<std::string>();
}

Condition condition_of(const nlohmann::json& data) {
    Condition c;
    c.id = data.value("id", std::string());
    c.level = level_of(data.value("level", std::string()));
    c.message = data.value("message", std::string());
    c.service = optional_text(data, "service");
    c.counter = optional_text(data, "counter");
    c.device = optional_text(data, "device");
    return c;
}

bool serves(const std::vector<std::string>& services, const std::string& service) {
    return std::find(services.begin(), services.end(), service) != services.end();
}

}  // namespace

SiteAlerts::SiteAlerts(const config::SiteConfig& config, const date::time_zone* zone,
                       regulation::AlertSettings settings)
    : config_(config), zone_(zone), settings_(settings), tracker_(settings) {}

void SiteAlerts::restore(const store::StoredRecord& record) {
    if (record.type == "alert.raised") {
        const Condition c = condition_of(record.data);
        open_in_log_[c.id] = c;
    } else if (record.type == "alert.resolved") {
        open_in_log_.erase(record.data.value("id", std::string()));
    }
}

bool SiteAlerts::device_message(const protocol::DeviceTopic& topic, std::string_view payload) {
    const config::Device* device = config_.device(topic.device);
    if (!device || (device->role != config::Role::dispenser && device->role != config::Role::kiosk))
        return false;
    regulation::DeviceObservation& health = devices_[topic.device];
    health.id = topic.device;
    const regulation::DeviceObservation before = health;
    if (topic.kind == protocol::DeviceTopicKind::status) {
        const auto status = protocol::decode_device_status(payload);
        if (const auto* s = std::get_if<protocol::DeviceStatus>(&status)) {
            health.lost = s->state == "lost";  // the broker fired its will: crashed or cut off
            health.stopped = s->state == "offline";
        }
    } else if (topic.kind == protocol::DeviceTopicKind::telemetry) {
        const auto telemetry = protocol::decode_printer_telemetry(payload);
        if (const auto* t = std::get_if<protocol::PrinterTelemetry>(&telemetry))
            health.paper = t->paper;
    }
    return health.lost != before.lost || health.stopped != before.stopped ||
           health.paper != before.paper;
}

regulation::SiteObservation SiteAlerts::observe(const engine::Engine& engine, const Seen& seen,
                                                engine::Time now) const {
    const protocol::BoardState& board = seen.board;
    regulation::SiteObservation site;
    site.now = now;
    site.capacity = config_.capacity;
    site.occupancy = seen.occupancy;
    site.open = std::any_of(
        config_.services.begin(), config_.services.end(),
        [&](const config::Service& s) { return config::is_open(config_, zone_, s.id, now); });
    const std::vector<const engine::Counter*> counters = engine.counters();
    for (const engine::Counter* c : counters) {
        const config::Counter* cc = config_.counter(c->id);
        regulation::CounterObservation o;
        o.id = c->id;
        o.label = cc ? cc->label : c->id;
        o.state = c->state;
        o.serving = c->current.has_value();
        o.services = c->services.empty() && cc ? cc->services : c->services;
        site.counters.push_back(std::move(o));
    }
    for (const config::Service& s : config_.services) {
        regulation::ServiceObservation o;
        o.id = s.id;
        o.label = s.label.fr;
        o.target_wait = s.target_wait;
        const std::vector<const engine::Ticket*> waiting = engine.waiting(s.id);
        o.waiting = static_cast<int>(waiting.size());
        for (const engine::Ticket* t : waiting) {
            const auto waited =
                std::chrono::duration_cast<std::chrono::seconds>(now - t->issued_at);
            o.longest_wait = std::max(o.longest_wait.value_or(waited), waited);
        }
        for (const engine::Counter* c : counters)
            o.counters_open += c->state == engine::CounterState::open && serves(c->services, s.id);
        if (auto needed = seen.counters_needed.find(s.id); needed != seen.counters_needed.end())
            o.counters_needed = needed->second;
        const auto shown =
            std::find_if(board.services.begin(), board.services.end(),
                         [&](const protocol::BoardService& b) { return b.id == s.id; });
        if (shown != board.services.end()) {
            o.past_cutoff = shown->state == "cutoff";
            if (shown->estimated_wait_s)
                o.newest_estimate = std::chrono::seconds(*shown->estimated_wait_s);
        }
        site.services.push_back(std::move(o));
    }
    for (const auto& [id, health] : devices_) site.devices.push_back(health);
    return site;
}

SiteAlerts::Output SiteAlerts::evaluate(const engine::Engine& engine, const Seen& seen,
                                        engine::Time now) {
    const std::vector<Condition> holding =
        regulation::conditions(observe(engine, seen, now), settings_);
    std::vector<AlertEvent> events = tracker_.update(holding, now);
    std::vector<std::string> types;
    for (const AlertEvent& e : events) {
        const bool continued = open_in_log_.erase(e.condition.id) > 0;
        types.push_back(!e.raised               ? "alert.resolved"
                        : e.repeat || continued ? "alert.repeated"
                                                : "alert.raised");
    }
    // Left open by an earlier run and no longer true, once the devices' retained health has had
    // time to arrive (those still true but within their hold time stay open until they are
    // raised or go away).
    const Time first = first_evaluation_.value_or(now);
    first_evaluation_ = first;
    for (auto it = open_in_log_.begin(); it != open_in_log_.end();) {
        const bool holds = std::any_of(holding.begin(), holding.end(),
                                       [&](const Condition& c) { return c.id == it->first; });
        if (holds || now - first < kSettle) {
            ++it;
            continue;
        }
        events.push_back(AlertEvent{it->second, false, false, now});
        types.push_back("alert.resolved");
        it = open_in_log_.erase(it);
    }

    Output out;
    if (events.empty()) return out;
    store::Entry entry;
    entry.device = "controller";
    entry.op = "alert";
    entry.at = now;
    entry.day = config::format_local_date(zone_, now);
    const std::string at = config::format_local_iso(zone_, now);
    for (std::size_t i = 0; i < events.size(); ++i) {
        entry.notes.push_back({types[i], record_data(events[i].condition)});
        out.messages.push_back(regulation::to_message(events[i], at));
    }
    out.entry = std::move(entry);
    return out;
}

}  // namespace guichet::daemon
