// docs/protocol.md is the reference devices are written from: every JSON
// example in it must be accepted by the codec, so the two cannot drift apart.
#include <catch2/catch.hpp>

#include <fstream>

#include "protocol/codec.h"

using namespace guichet::protocol;

namespace {

template <class T>
bool accepted(const Decoded<T>& decoded) {
    return std::holds_alternative<T>(decoded);
}

bool some_decoder_accepts(const std::string& json) {
    return accepted(decode_request(json)) || accepted(decode_reply(json)) ||
           accepted(decode_board(json)) || accepted(decode_counter_view(json)) ||
           accepted(decode_call(json)) || accepted(decode_controller_status(json)) ||
           accepted(decode_device_status(json)) || accepted(decode_printer_telemetry(json)) ||
           accepted(decode_alert(json)) ||
           // A ticket on its own is only ever sent inside a reply.
           accepted(decode_reply(R"({"id":"x","ok":true,"ticket":)" + json + "}"));
}

}  // namespace

TEST_CASE("every JSON example in docs/protocol.md is accepted by the codec", "[codec][docs]") {
    std::ifstream doc(GUICHET_SOURCE_DIR "/docs/protocol.md");
    REQUIRE(doc);
    std::string line;
    bool in_example = false;
    int examples = 0;
    while (std::getline(doc, line)) {
        if (line == "```json") {
            in_example = true;
        } else if (line == "```") {
            in_example = false;
        } else if (in_example) {
            ++examples;
            INFO(line);
            CHECK(some_decoder_accepts(line));
        }
    }
    CHECK(examples >= 25);  // one per message type and op at least
}
