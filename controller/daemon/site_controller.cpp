#include "controller/daemon/site_controller.h"

#include <algorithm>
#include <sstream>

#include "controller/config/opening_hours.h"
#include "controller/config/site_time.h"
#include "protocol/codec.h"

namespace guichet::daemon {

namespace {

using config::Role;

std::string french_role(Role role) {
    switch (role) {
        case Role::dispenser:
            return "distributeur de tickets";
        case Role::kiosk:
            return "borne";
        case Role::counter:
            return "poste de guichet";
        case Role::display:
            return "écran";
        case Role::sensor:
            return "capteur";
        case Role::survey:
            return "borne de satisfaction";
    }
    return "appareil";
}

// Which roles may send an operation.
std::vector<Role> roles_for(const protocol::Operation& op) {
    return std::visit(
        [](const auto& o) -> std::vector<Role> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, protocol::TicketTake> ||
                          std::is_same_v<T, protocol::TicketPrinted>) {
                return {Role::dispenser, Role::kiosk};
            } else if constexpr (std::is_same_v<T, protocol::FootfallCount>) {
                return {Role::sensor};
            } else if constexpr (std::is_same_v<T, protocol::SurveyVote>) {
                return {Role::survey};
            } else {
                return {Role::counter};
            }
        },
        op);
}

engine::Position engine_position(protocol::Position p) {
    return p == protocol::Position::front ? engine::Position::front : engine::Position::back;
}

std::string state_name(engine::CounterState s) {
    return engine::to_string(s);
}

int seconds_between(engine::Time from, engine::Time to) {
    return static_cast<int>(std::max<std::int64_t>(0, (to - from).count()));
}

// A time the log wrote with format_local_iso ("2026-11-23T11:10:00+01:00").
std::optional<engine::Time> parse_local_iso(const std::string& text) {
    std::istringstream in(text);
    engine::Time t;
    in >> date::parse("%FT%T%Ez", t);
    if (in.fail()) return std::nullopt;
    return t;
}

}  // namespace

struct SiteController::Outcome {
    std::vector<engine::Event> events;
    std::vector<store::Note> notes;
    std::optional<engine::Error> error;
    std::optional<std::string> ticket;      // reply carries this ticket
    std::optional<std::string> counter;     // reply carries this counter's view
    std::optional<int> estimated_wait_s;    // of the ticket just issued
    std::optional<engine::Time> return_at;  // of the ticket just issued, when its wait is long
    std::optional<std::string> advice;      // refused ticket.take: what to do instead
};

SiteController::SiteController(const config::SiteConfig& config, const date::time_zone* zone)
    : config_(config), zone_(zone), engine_(config.engine_config()), regulation_(config, zone) {}

void SiteController::apply(const engine::Event& event) {
    regulation_.observe(event, engine_);
    engine_.apply(event);
    regulation_.applied(event, engine_);
}

void SiteController::restore(store::EventStore& store,
                             const std::function<void(const store::StoredRecord&)>& note) {
    // A return time is logged as a note right after its ticket's issue (same entry): the issue
    // waits for it, so that the engine holds the ticket back as it did before the restart.
    std::optional<engine::TicketIssued> issued;
    auto apply_issued = [&] {
        if (issued) apply(*issued);
        issued.reset();
    };
    store.replay([&](const store::StoredRecord& r) {
        if (issued && r.type == "return_time.given" &&
            r.data.value("number", std::string()) == issued->number)
            issued->not_before = parse_local_iso(r.data.value("return_at", std::string()));
        apply_issued();
        if (r.event) {
            if (const auto* e = std::get_if<engine::TicketIssued>(&*r.event))
                issued = *e;
            else
                apply(*r.event);
            return;
        }
        if (r.type == "footfall.counted")
            regulation_.count_door(r.data.value("in", 0), r.data.value("out", 0), r.at);
        if (note) note(r);
    });
    apply_issued();
}

SiteController::Outcome SiteController::run(const config::Device* device,
                                            const std::string& device_id,
                                            const protocol::Operation& op,
                                            const engine::Clock& clock) {
    // The counter a counter terminal works for. Without [[device]] tables (development),
    // a device named like a counter is that counter's terminal.
    const std::string counter = device ? device->counter : device_id;
    auto refuse = [](std::string code, std::string message) {
        Outcome out;
        out.error = engine::Error{std::move(code), std::move(message)};
        return out;
    };
    auto note = [](store::Note n) {
        Outcome out;
        out.notes.push_back(std::move(n));
        return out;
    };
    auto decide = [&](const engine::Command& command) {
        engine::Decision d = engine_.decide(command, clock);
        Outcome out;
        out.events = std::move(d.events);
        out.error = std::move(d.error);
        out.ticket = std::move(d.ticket);
        return out;
    };
    return std::visit(
        [&](const auto& o) -> Outcome {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, protocol::TicketTake>) {
                if (device && !device->services.empty() &&
                    std::find(device->services.begin(), device->services.end(), o.service) ==
                        device->services.end())
                    return refuse("not_allowed", "Ce service n'est pas proposé sur cette borne.");
                if (config_.service(o.service)) {
                    if (!config::is_open(config_, zone_, o.service, clock.now))
                        return refuse("service_closed", "Ce service est fermé pour le moment.");
                    const auto a = regulation_.assess(engine_, o.service, o.priority, clock.now);
                    if (a.admission.verdict != regulation::Verdict::admitted) {
                        Outcome out = refuse(a.admission.code, a.admission.message.fr);
                        if (!a.admission.advice.fr.empty()) out.advice = a.admission.advice.fr;
                        return out;
                    }
                    // The new ticket is the one just assessed: its estimate is already known.
                    Outcome out =
                        decide(engine::Take{o.service, o.priority, a.admission.return_at});
                    if (a.estimate.wait)
                        out.estimated_wait_s = static_cast<int>(a.estimate.wait->count());
                    out.return_at = a.admission.return_at;
                    return out;
                }
                return decide(engine::Take{o.service, o.priority});
            } else if constexpr (std::is_same_v<T, protocol::TicketPrinted>) {
                return decide(engine::Printed{o.number, o.ok, o.error.value_or("")});
            } else if constexpr (std::is_same_v<T, protocol::CounterOpen>) {
                Outcome out = decide(engine::Open{counter, o.services});
                out.counter = counter;
                return out;
            } else if constexpr (std::is_same_v<T, protocol::CounterPause>) {
                Outcome out = decide(engine::Pause{counter});
                out.counter = counter;
                return out;
            } else if constexpr (std::is_same_v<T, protocol::CounterClose>) {
                Outcome out = decide(engine::Close{counter});
                out.counter = counter;
                return out;
            } else if constexpr (std::is_same_v<T, protocol::CallNext>) {
                return decide(engine::Next{counter});
            } else if constexpr (std::is_same_v<T, protocol::CallRecall>) {
                return decide(engine::Recall{counter});
            } else if constexpr (std::is_same_v<T, protocol::CallNumber>) {
                return decide(engine::CallNumber{counter, o.number});
            } else if constexpr (std::is_same_v<T, protocol::TicketStart>) {
                return decide(engine::Start{counter});
            } else if constexpr (std::is_same_v<T, protocol::TicketFinish>) {
                return decide(engine::Finish{counter});
            } else if constexpr (std::is_same_v<T, protocol::TicketNoShow>) {
                return decide(engine::NoShow{counter});
            } else if constexpr (std::is_same_v<T, protocol::TicketTransfer>) {
                return decide(engine::Transfer{counter, o.service, engine_position(o.position)});
            } else if constexpr (std::is_same_v<T, protocol::FootfallCount>) {
                regulation_.count_door(o.in, o.out, clock.now);
                return note(store::Note{"footfall.counted", {{"in", o.in}, {"out", o.out}}});
            } else {
                static_assert(std::is_same_v<T, protocol::SurveyVote>);
                if (o.service && !config_.service(*o.service))
                    return refuse("unknown_service", "Service inconnu : " + *o.service + ".");
                nlohmann::json vote = {{"score", o.score}};
                if (o.service) vote["service"] = *o.service;
                return note(store::Note{"survey.voted", vote});
            }
        },
        op);
}

Handled SiteController::handle(const std::string& device_id, std::string_view payload,
                               engine::Time now, const PreviousReply& previous_reply) {
    Handled h;
    auto decoded = protocol::decode_request(payload);
    if (auto* err = std::get_if<protocol::DecodeError>(&decoded)) {
        h.reply = protocol::encode_reply(protocol::error_reply(err->id, err->code, err->message()));
        return h;
    }
    const protocol::Request& request = std::get<protocol::Request>(decoded);

    const config::Device* device = config_.device(device_id);
    if (!device && !config_.devices.empty()) {
        h.reply = protocol::encode_reply(
            protocol::error_reply(request.id, "not_allowed",
                                  "Appareil inconnu : « " + device_id +
                                      " » n'est pas déclaré dans la configuration du site."));
        return h;
    }

    const auto key = std::make_pair(device_id, request.id);
    if (auto it = replies_.find(key); it != replies_.end()) {
        h.reply = it->second;
        return h;
    }
    if (auto first = previous_reply(device_id, request.id)) {
        h.reply = *first;
        return h;
    }

    const engine::Clock clock = config::site_clock(zone_, now);
    Outcome out;
    const auto allowed = roles_for(request.op);
    if (device && std::find(allowed.begin(), allowed.end(), device->role) == allowed.end()) {
        out.error = engine::Error{"not_allowed", "Opération « " + protocol::op_name(request.op) +
                                                     " » refusée : cet appareil est un " +
                                                     french_role(device->role) + "."};
    } else {
        out = run(device, device_id, request.op, clock);
    }

    for (const engine::Event& e : out.events) {
        apply(e);
        std::visit(
            [&](const auto& ev) {
                using T = std::decay_t<decltype(ev)>;
                if constexpr (std::is_same_v<T, engine::TicketCalled>) {
                    h.calls.push_back({ev.number, ev.counter, counter_label(ev.counter), ev.recall,
                                       config::format_local_iso(zone_, ev.at)});
                    h.counters_changed.push_back(ev.counter);
                } else if constexpr (std::is_same_v<T, engine::CounterOpened> ||
                                     std::is_same_v<T, engine::CounterPaused> ||
                                     std::is_same_v<T, engine::CounterClosed>) {
                    h.counters_changed.push_back(ev.counter);
                }
            },
            e);
    }
    // A finish, no-show or transfer changes the terminal of the counter that sent it.
    if (!out.events.empty()) {
        h.state_changed = true;
        if (device && device->role == Role::counter) h.counters_changed.push_back(device->counter);
        std::sort(h.counters_changed.begin(), h.counters_changed.end());
        h.counters_changed.erase(std::unique(h.counters_changed.begin(), h.counters_changed.end()),
                                 h.counters_changed.end());
    }

    protocol::Reply reply;
    if (out.error) {
        reply = protocol::error_reply(request.id, out.error->code, out.error->message);
        reply.advice = out.advice;
    } else {
        reply.id = request.id;
        reply.ok = true;
        if (out.ticket) reply.ticket = ticket_view(*out.ticket, now, out.estimated_wait_s);
        if (out.counter) reply.counter = counter_view(*out.counter, now);
        if (out.ticket && out.return_at) {
            // In the log too: the report counts the return-time tickets of the day.
            const std::string at = config::format_local_iso(zone_, *out.return_at);
            reply.ticket->return_at = at;
            out.notes.push_back(store::Note{
                "return_time.given",
                {{"number", *out.ticket}, {"service", reply.ticket->service}, {"return_at", at}}});
        }
    }
    h.reply = protocol::encode_reply(reply);
    replies_[key] = h.reply;

    store::Entry entry;
    entry.device = device_id;
    entry.request_id = request.id;
    entry.op = protocol::op_name(request.op);
    entry.at = now;
    entry.day = config::format_local_date(zone_, now);
    entry.events = std::move(out.events);
    entry.notes = std::move(out.notes);
    entry.ok = !out.error.has_value();
    if (out.error) entry.error_code = out.error->code;
    entry.estimated_wait_s = out.estimated_wait_s;  // the wait printed, for the report's accuracy
    entry.reply = h.reply;
    h.entry = std::move(entry);
    return h;
}

std::string SiteController::counter_label(const std::string& counter) const {
    const config::Counter* c = config_.counter(counter);
    return c ? c->label : "Guichet " + counter;
}

protocol::TicketView SiteController::ticket_view(const std::string& number, engine::Time now,
                                                 std::optional<int> known_estimate) const {
    protocol::TicketView v;
    const engine::Ticket* t = engine_.ticket(number);
    if (!t) {
        v.number = number;
        return v;
    }
    v.number = t->number;
    v.service = t->service;
    v.issued_at = config::format_local_iso(zone_, t->issued_at);
    v.priority = t->priority;
    v.state = engine::to_string(t->state);
    if (t->state == engine::TicketState::waiting) {
        v.ahead = engine_.ahead(number);
        v.estimated_wait_s =
            known_estimate ? known_estimate : regulation_.waiting_estimate(engine_, number, now);
    }
    v.counter = t->counter;
    if (t->called_at) v.called_at = config::format_local_iso(zone_, *t->called_at);
    return v;
}

protocol::CounterView SiteController::counter_view(const std::string& id, engine::Time now) const {
    protocol::CounterView v;
    v.at = config::format_local_iso(zone_, now);
    v.counter = id;
    v.label = counter_label(id);
    const engine::Counter* c = engine_.counter(id);
    if (!c) return v;
    v.state = state_name(c->state);
    v.services = c->services;
    if (const config::Counter* cc = config_.counter(id); cc && cc->agent)
        v.agent = protocol::Agent{cc->agent->name, cc->agent->function};
    if (c->current) {
        if (const engine::Ticket* t = engine_.ticket(*c->current)) {
            protocol::CurrentTicket cur;
            cur.number = t->number;
            cur.service = t->service;
            cur.state = engine::to_string(t->state);
            cur.issued_at = config::format_local_iso(zone_, t->issued_at);
            if (t->called_at) {
                cur.called_at = config::format_local_iso(zone_, *t->called_at);
                cur.waited_s = seconds_between(t->issued_at, *t->called_at);
            }
            v.current = cur;
        }
    }
    const std::vector<std::string>& services =
        c->services.empty() ? config_.counter(id)->services : c->services;
    for (const std::string& s : services) {
        protocol::CounterQueue q;
        q.service = s;
        if (const config::Service* cs = config_.service(s)) q.label = {cs->label.fr, cs->label.en};
        const auto waiting = engine_.waiting(s);
        q.waiting = static_cast<int>(waiting.size());
        for (const engine::Ticket* t : waiting)
            q.longest_wait_s = std::max(q.longest_wait_s, seconds_between(t->issued_at, now));
        v.queues.push_back(q);
    }
    return v;
}

protocol::BoardState SiteController::board(engine::Time now) const {
    protocol::BoardState b;
    b.at = config::format_local_iso(zone_, now);
    b.site_name = config_.name;
    for (const engine::Call& c : engine_.recent_calls(8))
        b.calls.push_back(
            {c.number, c.counter, counter_label(c.counter), config::format_local_iso(zone_, c.at)});
    for (const config::Service& s : config_.services) {
        protocol::BoardService bs;
        bs.id = s.id;
        bs.label = {s.label.fr, s.label.en};
        bs.waiting = static_cast<int>(engine_.waiting_count(s.id));
        if (!config::is_open(config_, zone_, s.id, now)) {
            bs.state = "closed";
        } else {
            const auto a =
                regulation_.assess(engine_, s.id, false, now, SiteRegulation::Use::board);
            bs.state = a.admission.verdict == regulation::Verdict::cutoff          ? "cutoff"
                       : a.admission.verdict == regulation::Verdict::capacity_full ? "full"
                                                                                   : "open";
            if (a.estimate.wait) bs.estimated_wait_s = static_cast<int>(a.estimate.wait->count());
        }
        b.services.push_back(bs);
    }
    if (auto hours = config::hours_text_today(config_, zone_, now))
        b.hours_today = protocol::LocalizedText{hours->fr, hours->en};
    if (const config::ClosureDay* closure = config::closure_today(config_, zone_, now)) {
        b.notice = protocol::LocalizedText{"Fermé aujourd'hui : " + closure->reason.fr,
                                           "Closed today: " + closure->reason.en};
    } else if (config_.notice) {
        b.notice = protocol::LocalizedText{config_.notice->fr, config_.notice->en};
    }
    return b;
}

}  // namespace guichet::daemon
