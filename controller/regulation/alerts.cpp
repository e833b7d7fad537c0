#include "controller/regulation/alerts.h"

#include <cmath>
#include <set>

namespace guichet::regulation {
namespace {

std::string minutes(std::chrono::seconds d) {
    return std::to_string(std::lround(static_cast<double>(d.count()) / 60)) + " min";
}

// "1 personne attend", "3 personnes attendent".
std::string people_waiting(int n) {
    return std::to_string(n) + (n > 1 ? " personnes attendent" : " personne attend");
}

int waiting_for(const SiteObservation& site, const CounterObservation& counter) {
    int n = 0;
    for (const ServiceObservation& s : site.services) {
        for (const std::string& id : counter.services) n += s.id == id ? s.waiting : 0;
    }
    return n;
}

// What the manager should do when a service lacks counters (Erlang-A advice), if it does and
// people wait.
std::optional<std::string> staffing_advice(const ServiceObservation& s) {
    if (!s.counters_needed || *s.counters_needed <= s.counters_open || s.waiting == 0)
        return std::nullopt;
    const int more = *s.counters_needed - s.counters_open;
    return "Ouvrir " +
           (more == 1 ? std::string("un guichet") : std::to_string(more) + " guichets") +
           " de plus pour " + s.label + " (" + std::to_string(s.counters_open) + " ouvert(s), " +
           std::to_string(*s.counters_needed) + " conseillé(s)).";
}

void service_conditions(const ServiceObservation& s, const AlertSettings& settings,
                        std::vector<Condition>& out) {
    if (s.longest_wait && *s.longest_wait > s.target_wait) {
        const auto advice = staffing_advice(s);
        out.push_back({"wait_over_target:" + s.id,
                       *s.longest_wait > 2 * s.target_wait ? Level::critical : Level::warning,
                       "Attente la plus longue pour " + s.label + " : " + minutes(*s.longest_wait) +
                           " (objectif " + minutes(s.target_wait) + ")." +
                           (advice ? " " + *advice : ""),
                       {},
                       s.id,
                       {},
                       {}});
    }
    if (s.newest_estimate && *s.newest_estimate > s.target_wait) {
        out.push_back({"estimate_over_target:" + s.id,
                       Level::warning,
                       "Un ticket pris maintenant pour " + s.label + " attendrait environ " +
                           minutes(*s.newest_estimate) + " (objectif " + minutes(s.target_wait) +
                           ").",
                       {},
                       s.id,
                       {},
                       {}});
    }
    if (const auto advice = staffing_advice(s)) {
        out.push_back(
            {"staffing:" + s.id, Level::warning, *advice, settings.staffing_grace, s.id, {}, {}});
    }
    if (s.past_cutoff) {
        out.push_back({"cutoff:" + s.id,
                       Level::info,
                       "Heure limite atteinte pour " + s.label +
                           " : les nouveaux tickets sont refusés jusqu'à la fermeture.",
                       {},
                       s.id,
                       {},
                       {}});
    }
}

void counter_conditions(const SiteObservation& site, const CounterObservation& c,
                        const AlertSettings& settings, std::vector<Condition>& out) {
    const int waiting = waiting_for(site, c);
    if (waiting == 0) return;
    if (c.state == engine::CounterState::open && !c.serving) {
        out.push_back(
            {"counter_idle:" + c.id,
             Level::warning,
             c.label + " est ouvert sans appeler alors que " + people_waiting(waiting) + ".",
             settings.idle_grace,
             {},
             c.id,
             {}});
    } else if (c.state == engine::CounterState::paused) {
        out.push_back({"counter_paused:" + c.id,
                       Level::warning,
                       c.label + " est en pause alors que " + people_waiting(waiting) + ".",
                       settings.paused_grace,
                       {},
                       c.id,
                       {}});
    }
}

void device_conditions(const DeviceObservation& d, bool site_open, std::vector<Condition>& out) {
    // Stopped on purpose is normal once the site is closed; while it is open,
    // visitors cannot take a ticket there.
    if (d.stopped && site_open) {
        out.push_back({"device_stopped:" + d.id,
                       Level::warning,
                       "Le distributeur " + d.id +
                           " est arrêté : les visiteurs ne peuvent plus y prendre de ticket.",
                       {},
                       {},
                       {},
                       d.id});
    }
    if (d.lost) {
        out.push_back({"device_lost:" + d.id,
                       Level::critical,
                       "Le distributeur " + d.id + " ne répond plus.",
                       {},
                       {},
                       {},
                       d.id});
    }
    if (d.paper == "out") {
        out.push_back({"paper:" + d.id,
                       Level::critical,
                       "Le distributeur " + d.id + " n'a plus de papier.",
                       {},
                       {},
                       {},
                       d.id});
    } else if (d.paper == "near_end") {
        out.push_back({"paper:" + d.id,
                       Level::warning,
                       "Le rouleau du distributeur " + d.id + " est presque fini.",
                       {},
                       {},
                       {},
                       d.id});
    }
}

}  // namespace

std::vector<Condition> conditions(const SiteObservation& site, const AlertSettings& settings) {
    std::vector<Condition> out;
    for (const ServiceObservation& s : site.services) service_conditions(s, settings, out);
    for (const CounterObservation& c : site.counters) counter_conditions(site, c, settings, out);
    for (const DeviceObservation& d : site.devices) device_conditions(d, site.open, out);
    if (site.capacity > 0 && site.occupancy >= settings.near_capacity * site.capacity) {
        const bool full = site.occupancy >= site.capacity;
        out.push_back(
            {"capacity",
             full ? Level::critical : Level::warning,
             std::string(full ? "Salle d'attente pleine" : "Salle d'attente presque pleine") +
                 " : " + std::to_string(site.occupancy) + " personnes pour " +
                 std::to_string(site.capacity) + " places.",
             {},
             {},
             {},
             {}});
    }
    return out;
}

std::vector<AlertEvent> AlertTracker::update(const std::vector<Condition>& holding, Time now) {
    std::vector<AlertEvent> out;
    std::set<std::string> seen;
    for (const Condition& c : holding) {
        seen.insert(c.id);
        const Time since = since_.try_emplace(c.id, now).first->second;
        auto active = active_.find(c.id);
        if (active == active_.end()) {
            if (now - since < c.hold) continue;
            AlertEvent raised{c, true, false, now};
            active_.emplace(c.id, raised);
            last_sent_[c.id] = now;
            out.push_back(raised);
            continue;
        }
        const bool new_level = active->second.condition.level != c.level;
        if (new_level || now - last_sent_[c.id] >= settings_.reraise_after) {
            active->second = AlertEvent{c, true, true, now};
            last_sent_[c.id] = now;
            out.push_back(active->second);
        }
    }
    for (auto it = active_.begin(); it != active_.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        out.push_back(AlertEvent{it->second.condition, false, false, now});
        last_sent_.erase(it->first);
        it = active_.erase(it);
    }
    std::erase_if(since_, [&](const auto& entry) { return !seen.count(entry.first); });
    return out;
}

std::string to_string(Level level) {
    switch (level) {
        case Level::info:
            return "info";
        case Level::warning:
            return "warning";
        case Level::critical:
            return "critical";
    }
    return "warning";
}

protocol::Alert to_message(const AlertEvent& event, const std::string& at) {
    const Condition& c = event.condition;
    return {c.id,
            to_string(c.level),
            event.raised ? "raised" : "cleared",
            event.raised ? c.message : "Résolu : " + c.message,
            at,
            c.service,
            c.counter,
            c.device};
}

}  // namespace guichet::regulation
