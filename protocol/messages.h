// Protocol v1 messages as plain C++ types (see docs/protocol.md).
//
// Contract: these are values with no behaviour; protocol/codec.h turns them
// into JSON and back with strict validation. Times are ISO 8601 strings with
// the site's UTC offset (the controller formats them; devices only display
// them). Durations are whole seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace guichet::protocol {

inline constexpr int kVersion = 1;
inline constexpr std::size_t kMaxPayloadBytes = 8 * 1024;

// ---- requests (device -> controller) ----

struct TicketTake {
    std::string service;
    bool priority = false;
    std::string lang = "fr";  // "fr" | "en"
};
struct TicketPrinted {
    std::string number;
    bool ok = true;
    std::optional<std::string> error;
};
struct CounterOpen {
    std::optional<std::vector<std::string>> services;
};
struct CounterPause {};
struct CounterClose {};
struct CallNext {};
struct CallRecall {};
struct CallNumber {
    std::string number;
};
struct TicketStart {};
struct TicketFinish {};
struct TicketNoShow {};
enum class Position { front, back };
struct TicketTransfer {
    std::string service;
    Position position = Position::back;
};
struct FootfallCount {
    int in = 0;
    int out = 0;
};
struct SurveyVote {
    int score = 0;  // 1..4
    std::optional<std::string> service;
};

using Operation = std::variant<TicketTake, TicketPrinted, CounterOpen, CounterPause, CounterClose,
                               CallNext, CallRecall, CallNumber, TicketStart, TicketFinish,
                               TicketNoShow, TicketTransfer, FootfallCount, SurveyVote>;

struct Request {
    std::string id;  // 1..64 chars, unique per device
    Operation op;
};

// The wire name of an operation ("ticket.take", ...).
std::string op_name(const Operation& op);

// ---- replies (controller -> device) ----

struct ErrorBody {
    std::string code;     // bad_request, unknown_op, not_allowed, ...
    std::string message;  // a sentence, French first
};

// A ticket as devices see it.
struct TicketView {
    std::string number;
    std::string service;
    std::string issued_at;
    bool priority = false;
    std::string state;  // waiting|called|serving|finished|no_show|transferred|cancelled
    int ahead = 0;
    std::optional<int> estimated_wait_s;
    // ticket.take, long estimate: the visitor may leave and come back by this local time
    // ("revenez vers 11 h 20") and keeps the place.
    std::optional<std::string> return_at;
    std::optional<std::string> counter;
    std::optional<std::string> called_at;
};

struct LocalizedText {
    std::string fr;
    std::string en;
};

struct CurrentTicket {
    std::string number;
    std::string service;
    std::string state;  // called|serving
    std::string issued_at;
    std::string called_at;
    int waited_s = 0;  // issued -> called
};

struct CounterQueue {
    std::string service;
    LocalizedText label;
    int waiting = 0;
    int longest_wait_s = 0;
};

struct Agent {
    std::string name;
    std::string function;
};

// What one counter terminal shows (retained on state/counter/<counter>).
struct CounterView {
    std::uint64_t seq = 0;
    std::string at;
    std::string counter;
    std::string label;
    std::string state;  // open|paused|closed
    std::vector<std::string> services;
    std::optional<CurrentTicket> current;
    std::vector<CounterQueue> queues;
    std::optional<Agent> agent;
};

struct Reply {
    std::string id;
    bool ok = true;
    std::optional<ErrorBody> error;            // when !ok
    std::optional<TicketView> ticket;          // ticket.take, call.*, ticket.transfer
    std::optional<CounterView> counter;        // counter.*
    std::optional<std::string> advice;         // cutoff / capacity_full: what to do instead
};

// ---- published state ----

struct BoardCall {
    std::string number;
    std::string counter;
    std::string counter_label;
    std::string at;
};

struct BoardService {
    std::string id;
    LocalizedText label;
    std::string state;  // open|closed|cutoff|full
    int waiting = 0;
    std::optional<int> estimated_wait_s;
};

// What waiting-room screens show (retained on state/board).
struct BoardState {
    std::uint64_t seq = 0;
    std::string at;
    std::string site_name;
    std::vector<BoardCall> calls;  // newest first
    std::vector<BoardService> services;
    std::optional<LocalizedText> hours_today;  // e.g. "8 h 30 – 17 h 00"
    std::optional<LocalizedText> notice;       // closure notice from the site config
};

// One call or recall (event/call, not retained).
struct CallEvent {
    std::string number;
    std::string counter;
    std::string counter_label;
    bool recall = false;
    std::string at;
};

struct ControllerStatus {
    std::string state;  // online|offline
    std::string version;
};

struct DeviceStatus {
    std::string state;  // online|offline|lost
    std::string role;
    std::string version;
};

struct PrinterTelemetry {
    std::string paper = "ok";   // ok|near_end|out
    std::string cover = "closed";  // closed|open
    bool online = true;
};

struct Alert {
    std::string id;     // stable key, e.g. "wait_over_target:A"
    std::string level;  // info|warning|critical
    std::string state;  // raised|cleared
    std::string message;
    std::string at;
    std::optional<std::string> service;
    std::optional<std::string> counter;
    std::optional<std::string> device;
};

}  // namespace guichet::protocol
