#include "controller/engine/engine.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace guichet::engine {

namespace {

// Calls and recalls kept for the waiting-room board.
constexpr std::size_t kCallHistory = 16;
// Numbers run from 001 to 999 in each service, then wrap.
constexpr int kLastNumber = 999;

bool is_live(TicketState state) {
    return state == TicketState::waiting || state == TicketState::called ||
           state == TicketState::serving;
}

std::string quoted(const std::string& s) {
    return "« " + s + " »";
}

Decision refused(std::string code, std::string message) {
    Decision d;
    d.error = Error{std::move(code), std::move(message)};
    return d;
}

Decision unknown_counter(const std::string& id) {
    return refused("unknown_counter", "Le guichet " + quoted(id) + " n'existe pas sur ce site.");
}

Decision unknown_service(const std::string& id) {
    return refused("unknown_service", "Le service " + quoted(id) + " n'existe pas sur ce site.");
}

Decision no_current_ticket() {
    return refused("no_current_ticket", "Aucun ticket en cours à ce guichet.");
}

std::string format_number(const std::string& prefix, int n) {
    std::string digits = std::to_string(n);
    return prefix + std::string(3 - digits.size(), '0') + digits;
}

// The three digits at the end of a number issued by this engine ("A042" -> 42).
int number_value(const std::string& number) {
    return std::stoi(number.substr(number.size() - 3));
}

// wait_a / target_a > wait_b / target_b, exactly (targets are positive).
bool waited_longer(std::chrono::seconds wait_a, std::chrono::seconds target_a,
                   std::chrono::seconds wait_b, std::chrono::seconds target_b) {
    return wait_a.count() * target_b.count() > wait_b.count() * target_a.count();
}

}  // namespace

// ---- rules: command + state -> events ----

struct Engine::Decide {
    const Engine& engine;
    const Clock& clock;

    Decision operator()(const Take& take) const {
        const ServiceDef* service = engine.service(take.service);
        if (!service) return unknown_service(take.service);
        int last = 0;
        if (engine.numbering_day_ == clock.day) {
            auto it = engine.last_number_.find(service->id);
            if (it != engine.last_number_.end()) last = it->second;
        }
        // Next number after the last one issued today, skipping any still in use.
        for (int step = 1; step <= kLastNumber; ++step) {
            std::string number =
                format_number(service->prefix, (last + step - 1) % kLastNumber + 1);
            if (engine.live(number)) continue;
            Decision d;
            d.events.push_back(TicketIssued{number, service->id, take.priority, clock.now,
                                            clock.day, take.not_before});
            d.ticket = number;
            return d;
        }
        return refused("capacity_full", "Tous les numéros du service " + quoted(service->id) +
                                            " sont attribués à des tickets en cours ; "
                                            "réessayez dans quelques minutes.");
    }

    Decision operator()(const Printed& printed) const {
        if (!engine.live(printed.number)) {
            return refused("unknown_number",
                           "Aucun ticket en cours ne porte le numéro " + printed.number + ".");
        }
        Decision d;
        if (printed.ok) {
            d.events.push_back(TicketPrinted{printed.number, clock.now});
        } else {
            d.events.push_back(TicketCancelled{printed.number, printed.error, clock.now});
        }
        d.ticket = printed.number;
        return d;
    }

    Decision operator()(const Open& open) const {
        const Counter* counter = engine.counter(open.counter);
        if (!counter) return unknown_counter(open.counter);
        std::vector<std::string> services;
        for (const std::string& id :
             open.services.value_or(engine.counter_def(open.counter)->services)) {
            if (!engine.service(id)) return unknown_service(id);
            if (std::find(services.begin(), services.end(), id) == services.end()) {
                services.push_back(id);
            }
        }
        if (services.empty()) {
            return refused("bad_request", "Un guichet ouvert doit servir au moins un service.");
        }
        Decision d;
        if (counter->state != CounterState::open || counter->services != services) {
            d.events.push_back(CounterOpened{counter->id, services, clock.now});
        }
        return d;
    }

    Decision operator()(const Pause& pause) const {
        const Counter* counter = engine.counter(pause.counter);
        if (!counter) return unknown_counter(pause.counter);
        if (counter->state == CounterState::closed) {
            return refused("counter_not_open",
                           "Le guichet " + quoted(counter->id) +
                               " est fermé : il ne peut pas être mis en pause.");
        }
        Decision d;
        if (counter->state == CounterState::open) {
            d.events.push_back(CounterPaused{counter->id, clock.now});
        }
        return d;
    }

    Decision operator()(const Close& close) const {
        const Counter* counter = engine.counter(close.counter);
        if (!counter) return unknown_counter(close.counter);
        Decision d;
        if (counter->state != CounterState::closed) {
            finish_current(*counter, d);
            d.events.push_back(CounterClosed{counter->id, clock.now});
        }
        return d;
    }

    Decision operator()(const Next& next) const {
        const Counter* counter = engine.counter(next.counter);
        if (!counter) return unknown_counter(next.counter);
        if (counter->state != CounterState::open) return not_open(*counter);
        Decision d;
        finish_current(*counter, d);
        std::optional<std::string> number = engine.next_for(counter->id, clock);
        if (!number) {
            const bool held =
                std::any_of(counter->services.begin(), counter->services.end(),
                            [&](const std::string& s) { return engine.waiting_count(s) > 0; });
            d.error = Error{"queue_empty",
                            held ? "Aucun usager à appeler pour l'instant : ceux qui attendent "
                                   "ont une heure de retour qui n'est pas encore venue."
                                 : "Aucun usager en attente pour ce guichet."};
            return d;
        }
        d.events.push_back(TicketCalled{*number, counter->id, false, false, clock.now});
        d.ticket = number;
        return d;
    }

    Decision operator()(const Recall& recall) const {
        const Counter* counter = engine.counter(recall.counter);
        if (!counter) return unknown_counter(recall.counter);
        if (!counter->current) return no_current_ticket();
        const Ticket* ticket = engine.ticket(*counter->current);
        if (ticket->state != TicketState::called) {
            return refused(
                "no_current_ticket",
                "Le ticket " + ticket->number + " est déjà servi : il ne peut plus être rappelé.");
        }
        Decision d;
        d.events.push_back(TicketCalled{ticket->number, counter->id, true, false, clock.now});
        d.ticket = ticket->number;
        return d;
    }

    Decision operator()(const CallNumber& call) const {
        const Counter* counter = engine.counter(call.counter);
        if (!counter) return unknown_counter(call.counter);
        if (counter->state != CounterState::open) return not_open(*counter);
        const Ticket* ticket = engine.ticket(call.number);
        if (!ticket || ticket->state != TicketState::waiting) {
            return refused("unknown_number",
                           "Aucun usager en attente ne porte le numéro " + call.number + ".");
        }
        Decision d;
        finish_current(*counter, d);
        d.events.push_back(TicketCalled{ticket->number, counter->id, false, true, clock.now});
        d.ticket = ticket->number;
        return d;
    }

    Decision operator()(const Start& start) const {
        const Counter* counter = engine.counter(start.counter);
        if (!counter) return unknown_counter(start.counter);
        if (!counter->current) return no_current_ticket();
        Decision d;
        // Starting twice is harmless: the service is already under way.
        if (engine.ticket(*counter->current)->state == TicketState::called) {
            d.events.push_back(TicketStarted{*counter->current, clock.now});
        }
        d.ticket = counter->current;
        return d;
    }

    Decision operator()(const Finish& finish) const {
        const Counter* counter = engine.counter(finish.counter);
        if (!counter) return unknown_counter(finish.counter);
        if (!counter->current) return no_current_ticket();
        Decision d;
        finish_current(*counter, d);
        d.ticket = counter->current;
        return d;
    }

    Decision operator()(const NoShow& no_show) const {
        const Counter* counter = engine.counter(no_show.counter);
        if (!counter) return unknown_counter(no_show.counter);
        if (!counter->current) return no_current_ticket();
        if (engine.ticket(*counter->current)->state != TicketState::called) {
            return refused("no_current_ticket",
                           "Le ticket " + *counter->current +
                               " est en cours de service : l'usager est venu, terminez-le.");
        }
        Decision d;
        d.events.push_back(TicketNoShow{*counter->current, clock.now});
        d.ticket = counter->current;
        return d;
    }

    Decision operator()(const Transfer& transfer) const {
        const Counter* counter = engine.counter(transfer.counter);
        if (!counter) return unknown_counter(transfer.counter);
        if (!engine.service(transfer.service)) return unknown_service(transfer.service);
        if (!counter->current) return no_current_ticket();
        Decision d;
        d.events.push_back(
            TicketTransferred{*counter->current, transfer.service, transfer.position, clock.now});
        d.ticket = counter->current;
        return d;
    }

  private:
    void finish_current(const Counter& counter, Decision& d) const {
        if (counter.current) d.events.push_back(TicketFinished{*counter.current, clock.now});
    }

    static Decision not_open(const Counter& counter) {
        const char* why = counter.state == CounterState::paused ? " est en pause" : " est fermé";
        return refused("counter_not_open",
                       "Le guichet " + quoted(counter.id) + why + " : ouvrez-le pour appeler.");
    }
};

// ---- folding: event + state -> state ----

struct Engine::Fold {
    Engine& engine;

    void operator()(const TicketIssued& e) {
        if (engine.numbering_day_ != e.day) start_day(e.day);
        engine.last_number_[e.service] = number_value(e.number);
        Ticket ticket;
        ticket.number = e.number;
        ticket.service = e.service;
        ticket.priority = e.priority;
        ticket.issued_at = e.at;
        ticket.queued_at = e.at;
        ticket.day = e.day;
        ticket.not_before = e.not_before;
        // Replaces an ended ticket of the same number (a wrap past 999).
        engine.tickets_[e.number] = ticket;
        enqueue(engine.tickets_[e.number], Position::back);
    }

    void operator()(const TicketPrinted&) {
        // Nothing changes in the queue; the event stays in the log as evidence.
    }

    void operator()(const TicketCancelled& e) {
        Ticket* ticket = find(e.number);
        if (!ticket) return;
        leave_queue_or_counter(*ticket);
        end(*ticket, TicketState::cancelled, e.at);
    }

    void operator()(const CounterOpened& e) {
        Counter* counter = find_counter(e.counter);
        if (!counter) return;
        counter->state = CounterState::open;
        counter->services = e.services;
        counter->state_since = e.at;
    }

    void operator()(const CounterPaused& e) { set_state(e.counter, CounterState::paused, e.at); }

    void operator()(const CounterClosed& e) { set_state(e.counter, CounterState::closed, e.at); }

    void operator()(const TicketCalled& e) {
        Ticket* ticket = find(e.number);
        Counter* counter = find_counter(e.counter);
        if (!ticket || !counter) return;
        if (e.recall) {
            ++ticket->recalls;
        } else {
            leave_queue_or_counter(*ticket);
            ticket->state = TicketState::called;
            ticket->counter = counter->id;
            ticket->called_at = e.at;
            ticket->not_before.reset();  // the visitor is back: a transfer queues them at once
            counter->current = ticket->number;
        }
        engine.calls_.push_back(Call{e.number, e.counter, e.recall, e.at});
        if (engine.calls_.size() > kCallHistory) engine.calls_.erase(engine.calls_.begin());
    }

    void operator()(const TicketStarted& e) {
        Ticket* ticket = find(e.number);
        if (!ticket) return;
        ticket->state = TicketState::serving;
        ticket->started_at = e.at;
    }

    void operator()(const TicketFinished& e) {
        close_ticket(e.number, TicketState::finished, e.at);
    }

    void operator()(const TicketNoShow& e) { close_ticket(e.number, TicketState::no_show, e.at); }

    void operator()(const TicketTransferred& e) {
        Ticket* ticket = find(e.number);
        if (!ticket) return;
        leave_queue_or_counter(*ticket);
        ticket->service = e.to_service;
        ticket->state = TicketState::waiting;
        ticket->queued_at = e.at;
        ticket->counter.reset();
        ticket->called_at.reset();
        ticket->started_at.reset();
        ticket->recalls = 0;
        enqueue(*ticket, e.position);
    }

  private:
    Ticket* find(const std::string& number) {
        auto it = engine.tickets_.find(number);
        return it == engine.tickets_.end() ? nullptr : &it->second;
    }

    Counter* find_counter(const std::string& id) {
        auto it = engine.counters_.find(id);
        return it == engine.counters_.end() ? nullptr : &it->second;
    }

    void set_state(const std::string& id, CounterState state, Time at) {
        Counter* counter = find_counter(id);
        if (!counter) return;
        counter->state = state;
        counter->state_since = at;
    }

    // A new local day: numbering restarts, and the tickets that ended on earlier days leave
    // memory (the event log keeps them). Tickets still live carry over and keep their numbers.
    // Yesterday's calls leave the board, where "A001" would now name someone else.
    void start_day(LocalDay day) {
        engine.numbering_day_ = day;
        engine.last_number_.clear();
        engine.calls_.clear();
        std::erase_if(engine.tickets_,
                      [](const auto& entry) { return !is_live(entry.second.state); });
    }

    void enqueue(const Ticket& ticket, Position position) {
        const std::int64_t rank =
            position == Position::back ? engine.next_back_++ : --engine.next_front_;
        engine.rank_[ticket.number] = rank;
        engine.queues_[ticket.service].emplace(QueueKey{!ticket.priority, rank}, ticket.number);
    }

    // Takes a ticket out of its waiting queue, or frees the counter it was called to.
    void leave_queue_or_counter(Ticket& ticket) {
        auto rank = engine.rank_.find(ticket.number);
        if (rank != engine.rank_.end()) {
            engine.queues_[ticket.service].erase(QueueKey{!ticket.priority, rank->second});
            engine.rank_.erase(rank);
        }
        if (ticket.counter) {
            Counter* counter = find_counter(*ticket.counter);
            if (counter && counter->current == ticket.number) counter->current.reset();
        }
    }

    void end(Ticket& ticket, TicketState state, Time at) {
        ticket.state = state;
        ticket.ended_at = at;
    }

    void close_ticket(const std::string& number, TicketState state, Time at) {
        Ticket* ticket = find(number);
        if (!ticket) return;
        leave_queue_or_counter(*ticket);
        end(*ticket, state, at);
    }
};

// ---- the engine ----

Engine::Engine(EngineConfig config) : config_(std::move(config)) {
    for (std::size_t i = 0; i < config_.services.size(); ++i) {
        const ServiceDef& s = config_.services[i];
        if (s.prefix.empty()) throw std::invalid_argument("service " + s.id + ": empty prefix");
        if (s.target_wait <= std::chrono::seconds::zero()) {
            throw std::invalid_argument("service " + s.id + ": target wait must be positive");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (config_.services[j].id == s.id || config_.services[j].prefix == s.prefix) {
                throw std::invalid_argument("service " + s.id + ": id or prefix used twice");
            }
        }
    }
    for (const CounterDef& def : config_.counters) {
        for (const std::string& id : def.services) {
            if (!service(id))
                throw std::invalid_argument("counter " + def.id + ": unknown service " + id);
        }
        Counter counter;
        counter.id = def.id;
        counter.services = def.services;
        if (!counters_.emplace(def.id, counter).second) {
            throw std::invalid_argument("counter " + def.id + " declared twice");
        }
    }
}

Decision Engine::decide(const Command& command, const Clock& clock) const {
    return std::visit(Decide{*this, clock}, command);
}

void Engine::apply(const Event& event) {
    std::visit(Fold{*this}, event);
}

const ServiceDef* Engine::service(const std::string& id) const {
    for (const ServiceDef& s : config_.services) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

const CounterDef* Engine::counter_def(const std::string& id) const {
    for (const CounterDef& c : config_.counters) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

const Ticket* Engine::ticket(const std::string& number) const {
    auto it = tickets_.find(number);
    return it == tickets_.end() ? nullptr : &it->second;
}

bool Engine::live(const std::string& number) const {
    const Ticket* t = ticket(number);
    return t && is_live(t->state);
}

const Counter* Engine::counter(const std::string& id) const {
    auto it = counters_.find(id);
    return it == counters_.end() ? nullptr : &it->second;
}

std::vector<const Counter*> Engine::counters() const {
    std::vector<const Counter*> out;
    for (const CounterDef& def : config_.counters) out.push_back(counter(def.id));
    return out;
}

std::vector<const Ticket*> Engine::waiting(const std::string& service) const {
    std::vector<const Ticket*> out;
    auto queue = queues_.find(service);
    if (queue == queues_.end()) return out;
    for (const auto& [key, number] : queue->second) out.push_back(ticket(number));
    return out;
}

std::size_t Engine::waiting_count(const std::string& service) const {
    auto queue = queues_.find(service);
    return queue == queues_.end() ? 0 : queue->second.size();
}

int Engine::ahead(const std::string& number) const {
    const Ticket* t = ticket(number);
    auto rank = rank_.find(number);
    if (!t || rank == rank_.end()) return 0;
    const auto& queue = queues_.at(t->service);
    return static_cast<int>(
        std::distance(queue.begin(), queue.find(QueueKey{!t->priority, rank->second})));
}

std::vector<Call> Engine::recent_calls(std::size_t limit) const {
    std::vector<Call> out;
    for (auto it = calls_.rbegin(); it != calls_.rend() && out.size() < limit; ++it) {
        out.push_back(*it);
    }
    return out;
}

std::optional<std::string> Engine::next_for(const std::string& counter_id,
                                            const Clock& clock) const {
    const Counter* c = counter(counter_id);
    if (!c) return std::nullopt;
    const CallPolicy policy = counter_def(counter_id)->policy;
    const Ticket* best = nullptr;
    for (const std::string& service_id : c->services) {
        auto queue = queues_.find(service_id);
        if (queue == queues_.end()) continue;
        // The first ticket in call order that may be called now: one whose visitor was told to
        // come back later keeps its place and is called in it once that time has come.
        const Ticket* head = nullptr;
        for (const auto& [key, number] : queue->second) {
            const Ticket* t = ticket(number);
            if (!t->not_before || *t->not_before <= clock.now) {
                head = t;
                break;
            }
        }
        if (!head) continue;
        if (policy == CallPolicy::ordered) return head->number;
        // balanced: priority first, then the longest wait relative to the service's target;
        // on a tie the service listed first for the counter wins.
        if (!best || (head->priority && !best->priority) ||
            (head->priority == best->priority &&
             waited_longer(clock.now - head->queued_at, service(head->service)->target_wait,
                           clock.now - best->queued_at, service(best->service)->target_wait))) {
            best = head;
        }
    }
    if (!best) return std::nullopt;
    return best->number;
}

std::string to_string(TicketState state) {
    switch (state) {
        case TicketState::waiting:
            return "waiting";
        case TicketState::called:
            return "called";
        case TicketState::serving:
            return "serving";
        case TicketState::finished:
            return "finished";
        case TicketState::no_show:
            return "no_show";
        case TicketState::transferred:
            return "transferred";
        case TicketState::cancelled:
            return "cancelled";
    }
    return "unknown";
}

std::string to_string(CounterState state) {
    switch (state) {
        case CounterState::closed:
            return "closed";
        case CounterState::open:
            return "open";
        case CounterState::paused:
            return "paused";
    }
    return "unknown";
}

std::string event_type(const Event& event) {
    struct Name {
        const char* operator()(const TicketIssued&) const { return "ticket.issued"; }
        const char* operator()(const TicketPrinted&) const { return "ticket.printed"; }
        const char* operator()(const TicketCancelled&) const { return "ticket.cancelled"; }
        const char* operator()(const CounterOpened&) const { return "counter.opened"; }
        const char* operator()(const CounterPaused&) const { return "counter.paused"; }
        const char* operator()(const CounterClosed&) const { return "counter.closed"; }
        const char* operator()(const TicketCalled&) const { return "ticket.called"; }
        const char* operator()(const TicketStarted&) const { return "ticket.started"; }
        const char* operator()(const TicketFinished&) const { return "ticket.finished"; }
        const char* operator()(const TicketNoShow&) const { return "ticket.no_show"; }
        const char* operator()(const TicketTransferred&) const { return "ticket.transferred"; }
    };
    return std::visit(Name{}, event);
}

}  // namespace guichet::engine
