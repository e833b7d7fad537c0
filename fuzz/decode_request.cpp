// libFuzzer target: decode_request must never crash, throw or hang on any
// input, and whatever it accepts must survive an encode/decode round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/codec.h"

using namespace guichet::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const auto decoded = decode_request(payload);
    if (const auto* error = std::get_if<DecodeError>(&decoded)) {
        // Every refusal must be explainable to the device.
        if (error->code.empty() || error->reason.empty() || error->message().empty()) std::abort();
        return 0;
    }
    const auto& request = std::get<Request>(decoded);
    const std::string encoded = encode_request(request);
    // Encoding writes defaulted arguments out ("priority":false), so a request
    // near the size limit may legitimately re-encode past it.
    if (encoded.size() > kMaxPayloadBytes) return 0;
    const auto again = decode_request(encoded);
    if (!std::holds_alternative<Request>(again)) std::abort();
    if (encode_request(std::get<Request>(again)) != encoded) std::abort();
    return 0;
}
