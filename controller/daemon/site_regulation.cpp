#include "controller/daemon/site_regulation.h"

#include <algorithm>

#include "controller/config/opening_hours.h"
#include "controller/regulation/engine_view.h"
#include "controller/regulation/staffing.h"

namespace guichet::daemon {

namespace {

std::map<std::string, double> configured_means(const config::SiteConfig& config) {
    std::map<std::string, double> means;
    for (const config::Service& s : config.services)
        means[s.id] = static_cast<double>(s.mean_service.count());
    return means;
}

engine::Time time_of(const engine::Event& event) {
    return std::visit([](const auto& e) { return e.at; }, event);
}

}  // namespace

SiteRegulation::SiteRegulation(const config::SiteConfig& config, const date::time_zone* zone)
    : config_(config), zone_(zone), learning_(configured_means(config)) {}

void SiteRegulation::roll_day(engine::Time at) {
    const auto day = date::floor<date::days>(zone_->to_local(at));
    if (day_ == day) return;
    learning_.start_day(
        date::floor<std::chrono::seconds>(zone_->to_sys(day, date::choose::earliest)));
    door_count_.reset();
    day_ = day;
}

void SiteRegulation::count_door(int in, int out, engine::Time at) {
    roll_day(at);
    door_count_ = std::max(0, door_count_.value_or(0) + in - out);
}

void SiteRegulation::observe(const engine::Event& event, const engine::Engine& engine) {
    const engine::Time at = time_of(event);
    roll_day(at);
    if (const auto* issued = std::get_if<engine::TicketIssued>(&event)) {
        learning_.issued(issued->service, at);
        return;
    }
    const std::string* number = nullptr;
    bool no_show = false;
    if (const auto* f = std::get_if<engine::TicketFinished>(&event)) number = &f->number;
    if (const auto* n = std::get_if<engine::TicketNoShow>(&event)) {
        number = &n->number;
        no_show = true;
    }
    if (!number) return;
    const engine::Ticket* t = engine.ticket(*number);
    if (!t || !t->called_at || !t->counter) return;
    const auto called_local = zone_->to_local(*t->called_at);
    const auto hour =
        date::floor<std::chrono::hours>(called_local - date::floor<date::days>(called_local));
    // Patience runs in the room: from the return time for a visitor given one.
    const engine::Time in_room = std::max(t->queued_at, t->not_before.value_or(t->queued_at));
    learning_.finished(
        {t->service, *t->counter, static_cast<double>((at - *t->called_at).count()), no_show,
         static_cast<int>(date::weekday(date::floor<date::days>(called_local)).c_encoding()),
         static_cast<int>(hour.count()), t->started_at.has_value()},
        static_cast<double>((*t->called_at - in_room).count()));
}

void SiteRegulation::applied(const engine::Event& event, const engine::Engine& engine) {
    if (std::holds_alternative<engine::TicketCalled>(event) ||
        std::holds_alternative<engine::CounterOpened>(event) ||
        std::holds_alternative<engine::CounterPaused>(event) ||
        std::holds_alternative<engine::CounterClosed>(event))
        learning_.counters_seen(regulation::snapshot_of(engine, time_of(event), {}));
}

// The services whose queues can delay `service`: those sharing a counter with it,
// transitively. Only their waiting tickets matter to its estimate.
std::set<std::string> SiteRegulation::linked_services(const engine::Engine& engine,
                                                      const std::string& service) const {
    std::set<std::string> linked{service};
    for (bool grew = true; grew;) {
        grew = false;
        for (const engine::Counter* c : engine.counters()) {
            if (c->state == engine::CounterState::closed) continue;
            const bool touches = std::any_of(c->services.begin(), c->services.end(),
                                             [&](const std::string& s) { return linked.count(s); });
            if (!touches) continue;
            for (const std::string& s : c->services) grew = linked.insert(s).second || grew;
        }
    }
    return linked;
}

regulation::ServiceTimes SiteRegulation::times_at(engine::Time now) const {
    const auto local = zone_->to_local(now);
    const auto day = date::floor<date::days>(local);
    const auto hour = date::floor<std::chrono::hours>(local - day);
    return learning_.service_times(static_cast<int>(date::weekday(day).c_encoding()),
                                   static_cast<int>(hour.count()));
}

regulation::PredictorSettings SiteRegulation::settings(engine::Time now, Use use) const {
    regulation::PredictorSettings s = learning_.settings(now);
    if (use == Use::board) s.runs = kBoardRuns;
    return s;
}

regulation::QueueSnapshot SiteRegulation::snapshot(const engine::Engine& engine,
                                                   const std::string& service,
                                                   engine::Time now) const {
    regulation::QueueSnapshot s =
        regulation::snapshot_of(engine, now, linked_services(engine, service));
    learning_.expect_pauses(s);
    return s;
}

std::optional<int> SiteRegulation::waiting_estimate(const engine::Engine& engine,
                                                    const std::string& number,
                                                    engine::Time now) const {
    const engine::Ticket* ticket = engine.ticket(number);
    if (!ticket) return std::nullopt;
    for (const auto& e : regulation::predict_waiting(snapshot(engine, ticket->service, now),
                                                     times_at(now), settings(now)))
        if (e.number == number && e.wait) return static_cast<int>(e.wait->count());
    return std::nullopt;
}

// The door count when a sensor reported today; else the visitors holding a live ticket, waiting
// or at a counter.
int SiteRegulation::occupancy(const engine::Engine& engine, engine::Time now) const {
    return occupancy(engine, regulation::snapshot_of(engine, now, {}));  // no ticket copied
}

int SiteRegulation::occupancy(const engine::Engine& engine,
                              const regulation::QueueSnapshot& snapshot) const {
    if (door_count_) return *door_count_;
    int live = 0;
    for (const config::Service& s : config_.services)
        live += static_cast<int>(engine.waiting_count(s.id));
    for (const auto& c : snapshot.counters) live += c.busy_since ? 1 : 0;
    return live;
}

regulation::AdmissionRequest SiteRegulation::admission_request(const engine::Engine& engine,
                                                               const std::string& service,
                                                               bool priority, engine::Time now,
                                                               Use use) const {
    const auto snapshot = this->snapshot(engine, service, now);
    const auto times = times_at(now);
    regulation::AdmissionRequest r;
    r.now = now;
    r.utc_offset = zone_->get_info(now).offset;
    r.estimate =
        regulation::predict_new_ticket(snapshot, service, times, settings(now, use), priority);
    r.mean_service_s = times.at(service, "").mean_s;
    // An always-open site (no [[hours]]) has no closing to cut off before.
    if (!config_.hours.empty())
        if (const auto window = config::opening_today(config_, zone_, service, now))
            r.closing = window->close;
    r.next_opening = config::next_opening(config_, zone_, service, now);
    r.issued_today = learning_.issued_today(service);
    r.capacity = config_.capacity;
    r.occupancy = occupancy(engine, snapshot);
    r.place_frees_at = regulation::next_departure(snapshot, times);
    return r;
}

SiteRegulation::Assessment SiteRegulation::assess(const engine::Engine& engine,
                                                  const std::string& service, bool priority,
                                                  engine::Time now, Use use) const {
    const config::Service* s = config_.service(service);
    regulation::AdmissionRules rules;
    if (s) {
        rules.cutoff_margin = s->cutoff_margin;
        rules.daily_quota = s->daily_quota;
        rules.return_after = s->return_after;
    }
    regulation::AdmissionRequest request = admission_request(engine, service, priority, now, use);
    regulation::Admission admission = regulation::admit(request, rules);
    return {std::move(request.estimate), std::move(admission)};
}

std::map<std::string, int> SiteRegulation::counters_needed(engine::Time now) const {
    const regulation::ServiceTimes times = times_at(now);
    std::map<std::string, int> needed;
    for (const config::Service& s : config_.services) {
        regulation::RecentDemand demand;
        demand.window = regulation::SiteLearning::kRateWindow;
        demand.mean_service_s = times.at(s.id, "").mean_s;
        demand.arrivals = learning_.recent_arrivals(s.id, now);
        regulation::StaffingRules rules;
        rules.target_wait = s.target_wait;
        rules.max_counters = static_cast<int>(
            std::count_if(config_.counters.begin(), config_.counters.end(), [&](const auto& c) {
                return std::find(c.services.begin(), c.services.end(), s.id) != c.services.end();
            }));
        needed[s.id] = regulation::counters_needed_now(demand, rules);
    }
    return needed;
}

}  // namespace guichet::daemon
