// JSON codec for protocol v1 (nlohmann-json underneath).
//
// Contract: decoding never throws into the caller. A payload over
// kMaxPayloadBytes, invalid UTF-8/JSON, a missing or mistyped field, or an
// unknown field gives a DecodeError naming the field and the reason.
// Encoding always produces a payload the decoder accepts.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "protocol/messages.h"

namespace guichet::protocol {

struct DecodeError {
    std::string code;    // "bad_request" or "unknown_op"
    std::string field;   // JSON path of the offending field ("" for the whole payload)
    std::string reason;  // short English reason, e.g. "expected a string"
    std::string id;      // the request id when it could be read, so the reply can carry it
    std::string message() const;  // French sentence for the error reply
};

template <typename T>
using Decoded = std::variant<T, DecodeError>;

Decoded<Request> decode_request(std::string_view payload);
std::string encode_request(const Request& request);

Decoded<Reply> decode_reply(std::string_view payload);
std::string encode_reply(const Reply& reply);
Reply error_reply(std::string id, std::string code, std::string message);

Decoded<BoardState> decode_board(std::string_view payload);
std::string encode_board(const BoardState& board);

Decoded<CounterView> decode_counter_view(std::string_view payload);
std::string encode_counter_view(const CounterView& view);

Decoded<CallEvent> decode_call(std::string_view payload);
std::string encode_call(const CallEvent& call);

Decoded<ControllerStatus> decode_controller_status(std::string_view payload);
std::string encode_controller_status(const ControllerStatus& status);

Decoded<DeviceStatus> decode_device_status(std::string_view payload);
std::string encode_device_status(const DeviceStatus& status);

Decoded<PrinterTelemetry> decode_printer_telemetry(std::string_view payload);
std::string encode_printer_telemetry(const PrinterTelemetry& telemetry);

Decoded<Alert> decode_alert(std::string_view payload);
std::string encode_alert(const Alert& alert);

}  // namespace guichet::protocol
