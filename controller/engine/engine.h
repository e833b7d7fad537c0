// The queue engine: tickets, services, counters and call policies.
//
// Contract: pure. No clock, file, socket or thread: the time and the site's
// local calendar day come in with every command. decide() never changes the
// engine; it returns the events a command produces (or an error). apply()
// folds one event into the state and is the only mutator, so the state after
// a restart is exactly the replay of the stored events. apply() must only be
// given events that decide() produced (or their stored copies, in order).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace guichet::engine {

using Time = std::chrono::sys_seconds;
// The site's local calendar date, counted in days since 1970-01-01.
using LocalDay = std::chrono::sys_days;

struct Clock {
    Time now;
    LocalDay day;  // local date of `now` at the site (computed by the caller from the time zone)
};

enum class CallPolicy { ordered, balanced };
enum class CounterState { closed, open, paused };
enum class TicketState { waiting, called, serving, finished, no_show, transferred, cancelled };
enum class Position { front, back };

struct ServiceDef {
    std::string id;
    std::string prefix;  // "A"
    std::chrono::seconds target_wait{std::chrono::minutes(20)};
};

struct CounterDef {
    std::string id;
    std::vector<std::string> services;  // in order of preference for `ordered`
    CallPolicy policy = CallPolicy::balanced;
};

struct EngineConfig {
    std::vector<ServiceDef> services;
    std::vector<CounterDef> counters;
};

// ---- events (what happened; stored in the log) ----

struct TicketIssued {
    std::string number;
    std::string service;
    bool priority = false;
    Time at;
    LocalDay day;
    std::optional<Time> not_before = std::nullopt;  // the visitor was given this return time
};
struct TicketPrinted {
    std::string number;
    Time at;
};
struct TicketCancelled {  // a failed print
    std::string number;
    std::string reason;
    Time at;
};
struct CounterOpened {
    std::string counter;
    std::vector<std::string> services;
    Time at;
};
struct CounterPaused {
    std::string counter;
    Time at;
};
struct CounterClosed {
    std::string counter;
    Time at;
};
struct TicketCalled {
    std::string number;
    std::string counter;
    bool recall = false;
    bool out_of_order = false;
    Time at;
};
struct TicketStarted {
    std::string number;
    Time at;
};
struct TicketFinished {
    std::string number;
    Time at;
};
struct TicketNoShow {
    std::string number;
    Time at;
};
struct TicketTransferred {
    std::string number;
    std::string to_service;
    Position position = Position::back;
    Time at;
};

using Event = std::variant<TicketIssued, TicketPrinted, TicketCancelled, CounterOpened,
                           CounterPaused, CounterClosed, TicketCalled, TicketStarted,
                           TicketFinished, TicketNoShow, TicketTransferred>;

// ---- commands (what a device asks) ----
//
// Errors (Error::code) by command; an error comes with no event except where noted:
//   Take        unknown_service; capacity_full (all 999 numbers of the service are live).
//   Printed     unknown_number (no live ticket has it). ok=false cancels the ticket.
//   Open        unknown_counter, unknown_service, bad_request (empty service list).
//   Pause       unknown_counter, counter_not_open (closed).
//   Close       unknown_counter. Finishes the current ticket first.
//   Next        unknown_counter, counter_not_open (closed or paused), queue_empty (after
//               finishing the current ticket, whose event is then returned; also when the only
//               tickets waiting have a return time still to come, with its own sentence).
//   CallNumber  unknown_counter, counter_not_open, unknown_number (not waiting).
//   Recall      unknown_counter, no_current_ticket (none, or already being served).
//   Start/Finish/Transfer  unknown_counter, no_current_ticket; Transfer: unknown_service.
//   NoShow      unknown_counter, no_current_ticket (none, or already being served).
// Repeating Open/Pause/Close/Start in the state they lead to succeeds with no event.

struct Take {
    std::string service;
    bool priority = false;
    // A return time given to the visitor: the ticket keeps its place but no call policy calls
    // it before then (a counter may still call it by its number).
    std::optional<Time> not_before = std::nullopt;
};
struct Printed {
    std::string number;
    bool ok = true;
    std::string error;
};
struct Open {
    std::string counter;
    std::optional<std::vector<std::string>> services;  // default: the configured ones
};
struct Pause {
    std::string counter;
};
struct Close {
    std::string counter;
};
struct Next {
    std::string counter;
};
struct Recall {
    std::string counter;
};
struct CallNumber {
    std::string counter;
    std::string number;
};
struct Start {
    std::string counter;
};
struct Finish {
    std::string counter;
};
struct NoShow {
    std::string counter;
};
struct Transfer {
    std::string counter;
    std::string service;
    Position position = Position::back;
};

using Command = std::variant<Take, Printed, Open, Pause, Close, Next, Recall, CallNumber, Start,
                             Finish, NoShow, Transfer>;

struct Error {
    std::string code;     // protocol error code: unknown_service, queue_empty, ...
    std::string message;  // French sentence
};

struct Decision {
    std::vector<Event> events;
    std::optional<Error> error;  // events may still be non-empty (call.next on an empty queue
                                 // finishes the previous ticket, then reports queue_empty)
    std::optional<std::string> ticket;  // the ticket the reply is about, if any
};

// ---- state (read-only views) ----

struct Ticket {
    std::string number;
    std::string service;
    bool priority = false;
    TicketState state = TicketState::waiting;
    Time issued_at;
    Time queued_at;  // issued_at, or the time of the last transfer
    LocalDay day;
    std::optional<std::string> counter;
    std::optional<Time> called_at;
    std::optional<Time> started_at;
    std::optional<Time> ended_at;
    int recalls = 0;
    std::optional<Time> not_before;  // return time: not called by a policy before (until a call)
};

struct Counter {
    std::string id;
    CounterState state = CounterState::closed;
    std::vector<std::string> services;   // served now
    std::optional<std::string> current;  // ticket number (called or serving)
    std::optional<Time> state_since;
};

struct Call {
    std::string number;
    std::string counter;
    bool recall = false;
    Time at;
};

class Engine {
  public:
    // Throws std::invalid_argument for an inconsistent config (an id or prefix used twice, a
    // counter naming an unknown service, a target wait that is not positive).
    explicit Engine(EngineConfig config);

    Decision decide(const Command& command, const Clock& clock) const;
    void apply(const Event& event);

    const EngineConfig& config() const { return config_; }
    const ServiceDef* service(const std::string& id) const;
    // Live tickets, and the ended tickets of the current numbering day (those of earlier days
    // leave memory when the first ticket of a new day is issued).
    const Ticket* ticket(const std::string& number) const;
    const Counter* counter(const std::string& id) const;
    std::vector<const Counter*> counters() const;  // in config order

    // Waiting tickets of a service in call order (priority first, then queue order).
    std::vector<const Ticket*> waiting(const std::string& service) const;
    // How many tickets wait in a service (waiting(service).size(), in constant time).
    std::size_t waiting_count(const std::string& service) const;
    // People who will be called before this waiting ticket in its service (0 if not waiting).
    int ahead(const std::string& number) const;
    // Most recent calls and recalls of the day, newest first (at most `limit`, at most 16).
    std::vector<Call> recent_calls(std::size_t limit) const;
    // The ticket a counter's policy would call now over the services it serves, without calling
    // it and whatever the counter's state; nullopt for an unknown counter or empty queues. A
    // ticket whose return time (not_before) is still to come is passed over, in its place.
    std::optional<std::string> next_for(const std::string& counter, const Clock& clock) const;

  private:
    struct Decide;  // one rule per command (engine.cpp)
    struct Fold;    // one state change per event (engine.cpp)
    // Position of a waiting ticket in its service's queue: priority first, then rank.
    struct QueueKey {
        bool regular;  // false for priority tickets, so they sort first
        std::int64_t rank;
        auto operator<=>(const QueueKey&) const = default;
    };

    const CounterDef* counter_def(const std::string& id) const;
    bool live(const std::string& number) const;  // waiting, called or serving

    EngineConfig config_;
    // Implementation state; see engine.cpp.
    std::map<std::string, Ticket> tickets_;
    std::map<std::string, std::map<QueueKey, std::string>> queues_;  // service -> waiting numbers
    std::map<std::string, Counter> counters_;
    std::map<std::string, std::int64_t> rank_;  // number -> position key within its queue
    std::map<std::string, int> last_number_;    // service -> last number issued today
    std::optional<LocalDay> numbering_day_;
    std::int64_t next_back_ = 0;
    std::int64_t next_front_ = 0;
    std::vector<Call> calls_;
};

std::string to_string(TicketState state);
std::string to_string(CounterState state);
std::string event_type(const Event& event);  // "ticket.issued", ...

}  // namespace guichet::engine
