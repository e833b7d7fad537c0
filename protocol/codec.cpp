#include "protocol/codec.h"

#include <nlohmann/json.hpp>

#include <array>
#include <climits>
#include <cstdint>
#include <set>
#include <span>

namespace guichet::protocol {

namespace {

// ordered_json keeps fields in the order we write them ("id" and "op" first),
// which makes payloads easier to read in logs and in mosquitto_sub.
using Json = nlohmann::ordered_json;

// Every reason the decoder gives, in English (DecodeError::reason) and in
// French (DecodeError::message()), so the two can never drift apart.
struct Reason {
    std::string_view en;
    std::string_view fr;
};
static_assert(kMaxPayloadBytes == 8192, "update kTooLarge with the new limit");
constexpr Reason kTooLarge{"payload larger than 8192 bytes", "message de plus de 8192 octets"};
constexpr Reason kInvalidJson{"invalid JSON", "JSON invalide"};
constexpr Reason kDuplicate{"duplicate field", "champ en double"};
constexpr Reason kObject{"expected an object", "objet attendu"};
constexpr Reason kArray{"expected an array", "tableau attendu"};
constexpr Reason kString{"expected a string", "chaîne attendue"};
constexpr Reason kBoolean{"expected a boolean", "booléen attendu (true ou false)"};
constexpr Reason kInteger{"expected an integer", "nombre entier attendu"};
constexpr Reason kMissing{"missing field", "champ obligatoire absent"};
constexpr Reason kUnknownField{"unknown field", "champ inconnu"};
constexpr Reason kEmpty{"must not be empty", "ne doit pas être vide"};
constexpr Reason kNegative{"must not be negative", "ne doit pas être négatif"};
constexpr Reason kHuge{"too large", "valeur trop grande"};
constexpr Reason kRequestId{"must be 1 to 64 characters", "doit compter de 1 à 64 caractères"};
constexpr Reason kReplyId{"must be at most 64 characters", "doit compter au plus 64 caractères"};
constexpr Reason kErrorNeeded{"required when ok is false", "obligatoire quand ok vaut false"};
constexpr Reason kErrorForbidden{"not allowed when ok is true", "interdit quand ok vaut true"};
constexpr std::array kReasons{kTooLarge,    kInvalidJson,   kDuplicate, kObject,    kArray,
                              kString,      kBoolean,       kInteger,   kMissing,   kUnknownField,
                              kEmpty,       kNegative,      kHuge,      kRequestId, kReplyId,
                              kErrorNeeded, kErrorForbidden};
// Reasons that carry a value after a fixed English prefix.
constexpr Reason kOneOf{"expected one of: ", "valeur attendue parmi : "};
constexpr Reason kRange{"must be from ", "doit être compris entre "};
constexpr Reason kUnknownOp{"unknown operation ", "opération inconnue "};

constexpr std::size_t kMaxIdChars = 64;

// Thrown inside this file only; every public decode_* turns it into a DecodeError.
struct Failure {
    std::string field;
    std::string reason;
    std::string code = "bad_request";
};

[[noreturn]] void fail(const std::string& field, const Reason& reason) {
    throw Failure{field, std::string(reason.en)};
}

std::string member_path(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string element_path(const std::string& base, std::size_t index) {
    return base + "[" + std::to_string(index) + "]";
}

// Characters, not bytes: the payload was already checked to be valid UTF-8.
std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80;
    return count;
}

// Duplicate keys are refused: two readers of one payload must never disagree
// on which value counts.
Json parse_payload(std::string_view payload) {
    if (payload.size() > kMaxPayloadBytes) fail("", kTooLarge);
    std::vector<std::set<std::string>> open_objects;
    std::string duplicate;
    const Json::parser_callback_t watch_keys = [&](int, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == Json::parse_event_t::object_end) {
            open_objects.pop_back();
        } else if (event == Json::parse_event_t::key && !open_objects.empty()) {
            auto key = parsed.get<std::string>();
            if (!open_objects.back().insert(key).second && duplicate.empty()) duplicate = key;
        }
        return true;
    };
    Json json = Json::parse(payload.begin(), payload.end(), watch_keys, false);
    if (json.is_discarded()) fail("", kInvalidJson);
    if (!duplicate.empty()) fail(duplicate, kDuplicate);
    if (!json.is_object()) fail("", kObject);
    return json;
}

std::string dump(const Json& json) {
    // Replace rather than throw on invalid UTF-8 in a C++ string: encoders never throw.
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---- readers for single values: (json, path) -> value ----

std::string text(const Json& value, const std::string& path) {
    if (!value.is_string()) fail(path, kString);
    return value.get<std::string>();
}

std::string name(const Json& value, const std::string& path) {
    std::string result = text(value, path);
    if (result.empty()) fail(path, kEmpty);
    return result;
}

bool flag(const Json& value, const std::string& path) {
    if (!value.is_boolean()) fail(path, kBoolean);
    return value.get<bool>();
}

[[noreturn]] void out_of_range(const std::string& path, long long min, long long max) {
    if (min == 0 && max == INT_MAX) fail(path, kNegative);
    throw Failure{path,
                  std::string(kRange.en) + std::to_string(min) + " to " + std::to_string(max)};
}

auto integer(long long min, long long max) {
    return [=](const Json& value, const std::string& path) -> int {
        if (!value.is_number_integer()) fail(path, kInteger);
        if (value.is_number_unsigned()) {
            const auto number = value.get<std::uint64_t>();
            if (number > static_cast<std::uint64_t>(max)) {
                if (max == INT_MAX) fail(path, kHuge);
                out_of_range(path, min, max);
            }
            if (static_cast<long long>(number) < min) out_of_range(path, min, max);
            return static_cast<int>(number);
        }
        const auto number = value.get<std::int64_t>();
        if (number < min || number > max) out_of_range(path, min, max);
        return static_cast<int>(number);
    };
}
const auto count = integer(0, INT_MAX);

std::uint64_t sequence(const Json& value, const std::string& path) {
    if (!value.is_number_integer()) fail(path, kInteger);
    if (!value.is_number_unsigned()) fail(path, kNegative);
    return value.get<std::uint64_t>();
}

auto choice(std::span<const std::string_view> allowed) {
    return [allowed](const Json& value, const std::string& path) -> std::string {
        std::string result = text(value, path);
        for (auto candidate : allowed) {
            if (candidate == result) return result;
        }
        std::string list;
        for (auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
        throw Failure{path, std::string(kOneOf.en) + list};
    };
}

template <class Read>
auto list_of(Read read) {
    return [read](const Json& value, const std::string& path) {
        if (!value.is_array()) fail(path, kArray);
        std::vector<decltype(read(value, path))> result;
        result.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            result.push_back(read(value[i], element_path(path, i)));
        }
        return result;
    };
}

constexpr std::array<std::string_view, 2> kLangs{"fr", "en"};
constexpr std::array<std::string_view, 2> kPositions{"front", "back"};
constexpr std::array<std::string_view, 7> kTicketStates{
    "waiting", "called", "serving", "finished", "no_show", "transferred", "cancelled"};
constexpr std::array<std::string_view, 2> kCurrentStates{"called", "serving"};
constexpr std::array<std::string_view, 3> kCounterStates{"open", "paused", "closed"};
constexpr std::array<std::string_view, 4> kServiceStates{"open", "closed", "cutoff", "full"};
constexpr std::array<std::string_view, 2> kControllerStates{"online", "offline"};
constexpr std::array<std::string_view, 3> kDeviceStates{"online", "offline", "lost"};
constexpr std::array<std::string_view, 3> kPaperStates{"ok", "near_end", "out"};
constexpr std::array<std::string_view, 2> kCoverStates{"closed", "open"};
constexpr std::array<std::string_view, 3> kAlertLevels{"info", "warning", "critical"};
constexpr std::array<std::string_view, 2> kAlertStates{"raised", "cleared"};

// The fields of one JSON object: refuses unknown keys up front (a misspelt
// optional field is reported as such, not silently ignored), then reads
// required and optional members with the readers above.
class Fields {
public:
    Fields(const Json& json, std::string path, std::initializer_list<std::string_view> allowed)
        : json_(json), path_(std::move(path)) {
        if (!json_.is_object()) fail(path_, kObject);
        for (auto it = json_.begin(); it != json_.end(); ++it) {
            if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
                fail(member_path(path_, it.key()), kUnknownField);
            }
        }
    }

    template <class Read>
    auto required(std::string_view key, Read read) const {
        const auto it = json_.find(key);
        if (it == json_.end()) fail(member_path(path_, key), kMissing);
        return read(*it, member_path(path_, key));
    }

    template <class Read>
    auto optional(std::string_view key, Read read) const
        -> std::optional<decltype(read(std::declval<const Json&>(), std::string()))> {
        const auto it = json_.find(key);
        if (it == json_.end()) return std::nullopt;
        return read(*it, member_path(path_, key));
    }

    bool has(std::string_view key) const { return json_.contains(key); }

private:
    const Json& json_;
    std::string path_;
};

// Every to_json is declared before the templates that call it.
Json to_json(int number) {
    return number;
}
Json to_json(const std::string& s) {
    return s;
}
Json to_json(const LocalizedText& t);
Json to_json(const ErrorBody& e);
Json to_json(const TicketView& t);
Json to_json(const CurrentTicket& t);
Json to_json(const CounterQueue& q);
Json to_json(const Agent& a);
Json to_json(const CounterView& v);
Json to_json(const BoardCall& c);
Json to_json(const BoardService& s);

template <class T>
void put(Json& json, std::string_view key, const std::optional<T>& value) {
    if (value) json[std::string(key)] = to_json(*value);
}

template <class T>
Json array_of(const std::vector<T>& items) {
    Json json = Json::array();
    for (const auto& item : items) json.push_back(to_json(item));
    return json;
}

// ---- nested objects: read_* and to_json per type ----

LocalizedText read_localized(const Json& value, const std::string& path) {
    const Fields f(value, path, {"fr", "en"});
    return {f.required("fr", text), f.required("en", text)};
}
Json to_json(const LocalizedText& t) {
    return {{"fr", t.fr}, {"en", t.en}};
}

ErrorBody read_error(const Json& value, const std::string& path) {
    const Fields f(value, path, {"code", "message"});
    return {f.required("code", name), f.required("message", text)};
}
Json to_json(const ErrorBody& e) {
    return {{"code", e.code}, {"message", e.message}};
}

TicketView read_ticket(const Json& value, const std::string& path) {
    const Fields f(value, path,
                   {"number", "service", "issued_at", "priority", "state", "ahead",
                    "estimated_wait_s", "return_at", "counter", "called_at"});
    TicketView t;
    t.number = f.required("number", name);
    t.service = f.required("service", name);
    t.issued_at = f.required("issued_at", text);
    t.priority = f.required("priority", flag);
    t.state = f.required("state", choice(kTicketStates));
    t.ahead = f.required("ahead", count);
    t.estimated_wait_s = f.optional("estimated_wait_s", count);
    t.return_at = f.optional("return_at", text);
    t.counter = f.optional("counter", name);
    t.called_at = f.optional("called_at", text);
    return t;
}
Json to_json(const TicketView& t) {
    Json json = {{"number", t.number},     {"service", t.service}, {"issued_at", t.issued_at},
                 {"priority", t.priority}, {"state", t.state},     {"ahead", t.ahead}};
    put(json, "estimated_wait_s", t.estimated_wait_s);
    put(json, "return_at", t.return_at);
    put(json, "counter", t.counter);
    put(json, "called_at", t.called_at);
    return json;
}

CurrentTicket read_current(const Json& value, const std::string& path) {
    const Fields f(value, path,
                   {"number", "service", "state", "issued_at", "called_at", "waited_s"});
    CurrentTicket t;
    t.number = f.required("number", name);
    t.service = f.required("service", name);
    t.state = f.required("state", choice(kCurrentStates));
    t.issued_at = f.required("issued_at", text);
    t.called_at = f.required("called_at", text);
    t.waited_s = f.required("waited_s", count);
    return t;
}
Json to_json(const CurrentTicket& t) {
    return {{"number", t.number},       {"service", t.service},     {"state", t.state},
            {"issued_at", t.issued_at}, {"called_at", t.called_at}, {"waited_s", t.waited_s}};
}

CounterQueue read_queue(const Json& value, const std::string& path) {
    const Fields f(value, path, {"service", "label", "waiting", "longest_wait_s"});
    return {f.required("service", name), f.required("label", read_localized),
            f.required("waiting", count), f.required("longest_wait_s", count)};
}
Json to_json(const CounterQueue& q) {
    return {{"service", q.service},
            {"label", to_json(q.label)},
            {"waiting", q.waiting},
            {"longest_wait_s", q.longest_wait_s}};
}

Agent read_agent(const Json& value, const std::string& path) {
    const Fields f(value, path, {"name", "function"});
    return {f.required("name", text), f.required("function", text)};
}
Json to_json(const Agent& a) {
    return {{"name", a.name}, {"function", a.function}};
}

CounterView read_counter_view(const Json& value, const std::string& path) {
    const Fields f(
        value, path,
        {"seq", "at", "counter", "label", "state", "services", "current", "queues", "agent"});
    CounterView v;
    v.seq = f.required("seq", sequence);
    v.at = f.required("at", text);
    v.counter = f.required("counter", name);
    v.label = f.required("label", text);
    v.state = f.required("state", choice(kCounterStates));
    v.services = f.required("services", list_of(name));
    v.current = f.optional("current", read_current);
    v.queues = f.required("queues", list_of(read_queue));
    v.agent = f.optional("agent", read_agent);
    return v;
}
Json to_json(const CounterView& v) {
    Json json = {{"seq", v.seq},     {"at", v.at},       {"counter", v.counter},
                 {"label", v.label}, {"state", v.state}, {"services", array_of(v.services)}};
    put(json, "current", v.current);
    json["queues"] = array_of(v.queues);
    put(json, "agent", v.agent);
    return json;
}

BoardCall read_board_call(const Json& value, const std::string& path) {
    const Fields f(value, path, {"number", "counter", "counter_label", "at"});
    return {f.required("number", name), f.required("counter", name),
            f.required("counter_label", text), f.required("at", text)};
}
Json to_json(const BoardCall& c) {
    return {{"number", c.number},
            {"counter", c.counter},
            {"counter_label", c.counter_label},
            {"at", c.at}};
}

BoardService read_board_service(const Json& value, const std::string& path) {
    const Fields f(value, path, {"id", "label", "state", "waiting", "estimated_wait_s"});
    return {f.required("id", name), f.required("label", read_localized),
            f.required("state", choice(kServiceStates)), f.required("waiting", count),
            f.optional("estimated_wait_s", count)};
}
Json to_json(const BoardService& s) {
    Json json = {
        {"id", s.id}, {"label", to_json(s.label)}, {"state", s.state}, {"waiting", s.waiting}};
    put(json, "estimated_wait_s", s.estimated_wait_s);
    return json;
}

// ---- operations: wire name, arguments, reader and writer per type ----

template <class Op>
struct OpSpec;

// Operations without arguments: only "id" and "op" are allowed.
template <class Op>
struct NoArguments {
    static Op read(const Json& json) {
        const Fields f(json, "", {"id", "op"});
        return {};
    }
    static void write(const Op&, Json&) {}
};

template <>
struct OpSpec<TicketTake> {
    static constexpr std::string_view name = "ticket.take";
    static TicketTake read(const Json& json) {
        const Fields f(json, "", {"id", "op", "service", "priority", "lang"});
        return {f.required("service", protocol::name), f.optional("priority", flag).value_or(false),
                f.optional("lang", choice(kLangs)).value_or("fr")};
    }
    static void write(const TicketTake& op, Json& json) {
        json["service"] = op.service;
        json["priority"] = op.priority;
        json["lang"] = op.lang;
    }
};
template <>
struct OpSpec<TicketPrinted> {
    static constexpr std::string_view name = "ticket.printed";
    static TicketPrinted read(const Json& json) {
        const Fields f(json, "", {"id", "op", "number", "ok", "error"});
        return {f.required("number", protocol::name), f.required("ok", flag),
                f.optional("error", text)};
    }
    static void write(const TicketPrinted& op, Json& json) {
        json["number"] = op.number;
        json["ok"] = op.ok;
        put(json, "error", op.error);
    }
};
template <>
struct OpSpec<CounterOpen> {
    static constexpr std::string_view name = "counter.open";
    static CounterOpen read(const Json& json) {
        const Fields f(json, "", {"id", "op", "services"});
        return {f.optional("services", list_of(protocol::name))};
    }
    static void write(const CounterOpen& op, Json& json) {
        if (op.services) json["services"] = array_of(*op.services);
    }
};
template <>
struct OpSpec<CounterPause> : NoArguments<CounterPause> {
    static constexpr std::string_view name = "counter.pause";
};
template <>
struct OpSpec<CounterClose> : NoArguments<CounterClose> {
    static constexpr std::string_view name = "counter.close";
};
template <>
struct OpSpec<CallNext> : NoArguments<CallNext> {
    static constexpr std::string_view name = "call.next";
};
template <>
struct OpSpec<CallRecall> : NoArguments<CallRecall> {
    static constexpr std::string_view name = "call.recall";
};
template <>
struct OpSpec<CallNumber> {
    static constexpr std::string_view name = "call.number";
    static CallNumber read(const Json& json) {
        const Fields f(json, "", {"id", "op", "number"});
        return {f.required("number", protocol::name)};
    }
    static void write(const CallNumber& op, Json& json) { json["number"] = op.number; }
};
template <>
struct OpSpec<TicketStart> : NoArguments<TicketStart> {
    static constexpr std::string_view name = "ticket.start";
};
template <>
struct OpSpec<TicketFinish> : NoArguments<TicketFinish> {
    static constexpr std::string_view name = "ticket.finish";
};
template <>
struct OpSpec<TicketNoShow> : NoArguments<TicketNoShow> {
    static constexpr std::string_view name = "ticket.no_show";
};
template <>
struct OpSpec<TicketTransfer> {
    static constexpr std::string_view name = "ticket.transfer";
    static TicketTransfer read(const Json& json) {
        const Fields f(json, "", {"id", "op", "service", "position"});
        const auto position = f.optional("position", choice(kPositions)).value_or("back");
        return {f.required("service", protocol::name),
                position == "front" ? Position::front : Position::back};
    }
    static void write(const TicketTransfer& op, Json& json) {
        json["service"] = op.service;
        json["position"] = op.position == Position::front ? "front" : "back";
    }
};
template <>
struct OpSpec<FootfallCount> {
    static constexpr std::string_view name = "footfall.count";
    static FootfallCount read(const Json& json) {
        const Fields f(json, "", {"id", "op", "in", "out"});
        return {f.required("in", count), f.required("out", count)};
    }
    static void write(const FootfallCount& op, Json& json) {
        json["in"] = op.in;
        json["out"] = op.out;
    }
};
template <>
struct OpSpec<SurveyVote> {
    static constexpr std::string_view name = "survey.vote";
    static SurveyVote read(const Json& json) {
        const Fields f(json, "", {"id", "op", "score", "service"});
        return {f.required("score", integer(1, 4)), f.optional("service", protocol::name)};
    }
    static void write(const SurveyVote& op, Json& json) {
        json["score"] = op.score;
        put(json, "service", op.service);
    }
};

template <std::size_t I = 0>
std::optional<Operation> read_operation(std::string_view op_name, const Json& json) {
    if constexpr (I == std::variant_size_v<Operation>) {
        return std::nullopt;
    } else {
        using Op = std::variant_alternative_t<I, Operation>;
        if (OpSpec<Op>::name == op_name) {
            return Operation{std::in_place_index<I>, OpSpec<Op>::read(json)};
        }
        return read_operation<I + 1>(op_name, json);
    }
}

std::string request_id(const Json& value, const std::string& path) {
    std::string id = text(value, path);
    const auto length = utf8_length(id);
    if (length < 1 || length > kMaxIdChars) fail(path, kRequestId);
    return id;
}

std::string reply_id(const Json& value, const std::string& path) {
    std::string id = text(value, path);
    if (utf8_length(id) > kMaxIdChars) fail(path, kReplyId);
    return id;
}

// Runs a reader over a whole payload, turning any failure into a DecodeError.
template <class Read>
auto decode_with(std::string_view payload, Read read)
    -> Decoded<decltype(read(std::declval<const Json&>(), std::string()))> {
    try {
        return read(parse_payload(payload), std::string());
    } catch (const Failure& failure) {
        return DecodeError{failure.code, failure.field, failure.reason, ""};
    } catch (const std::exception& e) {
        // Out of memory or a library surprise: still an answer, never an exception.
        return DecodeError{"bad_request", "", e.what(), ""};
    }
}

std::string french_reason(std::string_view reason) {
    for (const auto& known : kReasons) {
        if (known.en == reason) return std::string(known.fr);
    }
    if (reason.starts_with(kOneOf.en)) {
        return std::string(kOneOf.fr) + std::string(reason.substr(kOneOf.en.size()));
    }
    if (reason.starts_with(kRange.en)) {
        std::string bounds(reason.substr(kRange.en.size()));
        if (const auto to = bounds.find(" to "); to != std::string::npos)
            bounds.replace(to, 4, " et ");
        return std::string(kRange.fr) + bounds;
    }
    return std::string(reason);
}

}  // namespace

std::string op_name(const Operation& op) {
    return std::visit(
        [](const auto& alternative) {
            return std::string(OpSpec<std::decay_t<decltype(alternative)>>::name);
        },
        op);
}

std::string DecodeError::message() const {
    if (code == "unknown_op") {
        std::string sentence = "Opération inconnue";
        if (reason.starts_with(kUnknownOp.en)) {
            sentence += " : " + reason.substr(kUnknownOp.en.size());
        }
        return sentence + ".";
    }
    std::string sentence = "Requête invalide : ";
    if (!field.empty()) sentence += "champ \"" + field + "\" : ";
    return sentence + french_reason(reason) + ".";
}

Decoded<Request> decode_request(std::string_view payload) {
    std::string readable_id;
    try {
        const Json json = parse_payload(payload);
        const auto id = json.find("id");
        if (id == json.end()) fail("id", kMissing);
        Request request{request_id(*id, "id"), {}};
        readable_id = request.id;
        const auto op = json.find("op");
        if (op == json.end()) fail("op", kMissing);
        const std::string wanted = text(*op, "op");
        auto operation = read_operation(wanted, json);
        if (!operation) {
            // Echo the op only when it is short enough to be worth reading back.
            std::string reason(kUnknownOp.en);
            if (utf8_length(wanted) <= kMaxIdChars) reason += "\"" + wanted + "\"";
            throw Failure{"op", reason, "unknown_op"};
        }
        request.op = std::move(*operation);
        return request;
    } catch (const Failure& failure) {
        return DecodeError{failure.code, failure.field, failure.reason, readable_id};
    } catch (const std::exception& e) {
        return DecodeError{"bad_request", "", e.what(), readable_id};
    }
}

std::string encode_request(const Request& request) {
    Json json = {{"id", request.id}, {"op", op_name(request.op)}};
    std::visit([&](const auto& op) { OpSpec<std::decay_t<decltype(op)>>::write(op, json); },
               request.op);
    return dump(json);
}

Decoded<Reply> decode_reply(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path, {"id", "ok", "error", "ticket", "counter", "advice"});
        Reply reply;
        reply.id = f.required("id", reply_id);
        reply.ok = f.required("ok", flag);
        if (reply.ok && f.has("error")) fail("error", kErrorForbidden);
        if (!reply.ok && !f.has("error")) fail("error", kErrorNeeded);
        reply.error = f.optional("error", read_error);
        reply.ticket = f.optional("ticket", read_ticket);
        reply.counter = f.optional("counter", read_counter_view);
        reply.advice = f.optional("advice", text);
        return reply;
    });
}

std::string encode_reply(const Reply& reply) {
    Json json = {{"id", reply.id}, {"ok", reply.ok}};
    put(json, "error", reply.error);
    put(json, "ticket", reply.ticket);
    put(json, "counter", reply.counter);
    put(json, "advice", reply.advice);
    return dump(json);
}

Reply error_reply(std::string id, std::string code, std::string message) {
    Reply reply;
    reply.id = std::move(id);
    reply.ok = false;
    reply.error = ErrorBody{std::move(code), std::move(message)};
    return reply;
}

Decoded<BoardState> decode_board(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path,
                       {"seq", "at", "site_name", "calls", "services", "hours_today", "notice"});
        BoardState board;
        board.seq = f.required("seq", sequence);
        board.at = f.required("at", text);
        board.site_name = f.required("site_name", text);
        board.calls = f.required("calls", list_of(read_board_call));
        board.services = f.required("services", list_of(read_board_service));
        board.hours_today = f.optional("hours_today", read_localized);
        board.notice = f.optional("notice", read_localized);
        return board;
    });
}

std::string encode_board(const BoardState& board) {
    Json json = {{"seq", board.seq},
                 {"at", board.at},
                 {"site_name", board.site_name},
                 {"calls", array_of(board.calls)},
                 {"services", array_of(board.services)}};
    put(json, "hours_today", board.hours_today);
    put(json, "notice", board.notice);
    return dump(json);
}

Decoded<CounterView> decode_counter_view(std::string_view payload) {
    return decode_with(payload, read_counter_view);
}

std::string encode_counter_view(const CounterView& view) {
    return dump(to_json(view));
}

Decoded<CallEvent> decode_call(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path, {"number", "counter", "counter_label", "recall", "at"});
        return CallEvent{f.required("number", name), f.required("counter", name),
                         f.required("counter_label", text), f.required("recall", flag),
                         f.required("at", text)};
    });
}

std::string encode_call(const CallEvent& call) {
    return dump({{"number", call.number},
                 {"counter", call.counter},
                 {"counter_label", call.counter_label},
                 {"recall", call.recall},
                 {"at", call.at}});
}

Decoded<ControllerStatus> decode_controller_status(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path, {"state", "version"});
        return ControllerStatus{f.required("state", choice(kControllerStates)),
                                f.required("version", text)};
    });
}

std::string encode_controller_status(const ControllerStatus& status) {
    return dump({{"state", status.state}, {"version", status.version}});
}

Decoded<DeviceStatus> decode_device_status(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path, {"state", "role", "version"});
        return DeviceStatus{f.required("state", choice(kDeviceStates)), f.required("role", text),
                            f.required("version", text)};
    });
}

std::string encode_device_status(const DeviceStatus& status) {
    return dump({{"state", status.state}, {"role", status.role}, {"version", status.version}});
}

Decoded<PrinterTelemetry> decode_printer_telemetry(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path, {"paper", "cover", "online"});
        return PrinterTelemetry{f.required("paper", choice(kPaperStates)),
                                f.required("cover", choice(kCoverStates)),
                                f.required("online", flag)};
    });
}

std::string encode_printer_telemetry(const PrinterTelemetry& telemetry) {
    return dump(
        {{"paper", telemetry.paper}, {"cover", telemetry.cover}, {"online", telemetry.online}});
}

Decoded<Alert> decode_alert(std::string_view payload) {
    return decode_with(payload, [](const Json& json, const std::string& path) {
        const Fields f(json, path,
                       {"id", "level", "state", "message", "at", "service", "counter", "device"});
        Alert alert;
        alert.id = f.required("id", name);
        alert.level = f.required("level", choice(kAlertLevels));
        alert.state = f.required("state", choice(kAlertStates));
        alert.message = f.required("message", text);
        alert.at = f.required("at", text);
        alert.service = f.optional("service", name);
        alert.counter = f.optional("counter", name);
        alert.device = f.optional("device", name);
        return alert;
    });
}

std::string encode_alert(const Alert& alert) {
    Json json = {{"id", alert.id},
                 {"level", alert.level},
                 {"state", alert.state},
                 {"message", alert.message},
                 {"at", alert.at}};
    put(json, "service", alert.service);
    put(json, "counter", alert.counter);
    put(json, "device", alert.device);
    return dump(json);
}

}  // namespace guichet::protocol
