#include <catch2/catch.hpp>

#include "protocol/codec.h"

using namespace guichet::protocol;

namespace {

template <class T>
T ok(const Decoded<T>& decoded) {
    if (const auto* error = std::get_if<DecodeError>(&decoded)) {
        FAIL("unexpected decode error: " << error->field << ": " << error->reason);
    }
    return std::get<T>(decoded);
}

template <class T>
DecodeError failed(const Decoded<T>& decoded) {
    REQUIRE(std::holds_alternative<DecodeError>(decoded));
    return std::get<DecodeError>(decoded);
}

Request make(Operation op) {
    return Request{"req-1", std::move(op)};
}

TicketView sample_ticket() {
    TicketView t;
    t.number = "A042";
    t.service = "etat-civil";
    t.issued_at = "2026-03-16T09:12:00+01:00";
    t.priority = true;
    t.state = "called";
    t.ahead = 0;
    t.estimated_wait_s = 300;
    t.counter = "3";
    t.called_at = "2026-03-16T09:20:00+01:00";
    return t;
}

CounterView sample_counter() {
    CounterView v;
    v.seq = 12;
    v.at = "2026-03-16T09:20:00+01:00";
    v.counter = "3";
    v.label = "Guichet 3";
    v.state = "open";
    v.services = {"etat-civil", "elections"};
    v.current = CurrentTicket{
        "A042", "etat-civil", "serving", "2026-03-16T09:12:00+01:00", "2026-03-16T09:20:00+01:00",
        480};
    v.queues = {CounterQueue{"etat-civil", {"État civil", "Civil status"}, 4, 610}};
    v.agent = Agent{"Mme Martin", "Agent d'accueil"};
    return v;
}

}  // namespace

TEST_CASE("every operation survives an encode/decode round trip", "[codec]") {
    const std::vector<Request> requests = {
        make(TicketTake{"etat-civil", true, "en"}),
        make(TicketPrinted{"A042", false, std::string("paper out")}),
        make(TicketPrinted{"A043", true, std::nullopt}),
        make(CounterOpen{std::vector<std::string>{"etat-civil", "elections"}}),
        make(CounterOpen{}),
        make(CounterPause{}),
        make(CounterClose{}),
        make(CallNext{}),
        make(CallRecall{}),
        make(CallNumber{"B007"}),
        make(TicketStart{}),
        make(TicketFinish{}),
        make(TicketNoShow{}),
        make(TicketTransfer{"titres", Position::front}),
        make(TicketTransfer{"titres", Position::back}),
        make(FootfallCount{12, 0}),
        make(SurveyVote{4, std::string("casvp")}),
        make(SurveyVote{1, std::nullopt}),
    };
    for (const auto& request : requests) {
        const std::string payload = encode_request(request);
        INFO(payload);
        const Request back = ok(decode_request(payload));
        CHECK(back.id == request.id);
        CHECK(back.op.index() == request.op.index());
        CHECK(encode_request(back) == payload);
    }
}

TEST_CASE("decoded requests carry their arguments", "[codec]") {
    const auto take = ok(decode_request(R"({"id":"k1-1","op":"ticket.take","service":"A"})"));
    CHECK(take.id == "k1-1");
    const auto& args = std::get<TicketTake>(take.op);
    CHECK(args.service == "A");
    CHECK_FALSE(args.priority);  // optional, defaults to false
    CHECK(args.lang == "fr");    // French first
    const auto transfer =
        ok(decode_request(R"({"id":"c3-9","op":"ticket.transfer","service":"B"})"));
    CHECK(std::get<TicketTransfer>(transfer.op).position == Position::back);
    const auto vote = ok(decode_request(R"({"id":"s-1","op":"survey.vote","score":3})"));
    CHECK(std::get<SurveyVote>(vote.op).score == 3);
    CHECK_FALSE(std::get<SurveyVote>(vote.op).service);
}

TEST_CASE("op names are the protocol's wire names", "[codec]") {
    CHECK(op_name(TicketTake{}) == "ticket.take");
    CHECK(op_name(TicketPrinted{}) == "ticket.printed");
    CHECK(op_name(CounterOpen{}) == "counter.open");
    CHECK(op_name(CounterPause{}) == "counter.pause");
    CHECK(op_name(CounterClose{}) == "counter.close");
    CHECK(op_name(CallNext{}) == "call.next");
    CHECK(op_name(CallRecall{}) == "call.recall");
    CHECK(op_name(CallNumber{}) == "call.number");
    CHECK(op_name(TicketStart{}) == "ticket.start");
    CHECK(op_name(TicketFinish{}) == "ticket.finish");
    CHECK(op_name(TicketNoShow{}) == "ticket.no_show");
    CHECK(op_name(TicketTransfer{}) == "ticket.transfer");
    CHECK(op_name(FootfallCount{}) == "footfall.count");
    CHECK(op_name(SurveyVote{}) == "survey.vote");
}

TEST_CASE("encoders omit absent optionals", "[codec]") {
    CHECK(encode_request(make(CounterOpen{})) == R"({"id":"req-1","op":"counter.open"})");
    CHECK(encode_request(make(TicketPrinted{"A001", true, std::nullopt})) ==
          R"({"id":"req-1","op":"ticket.printed","number":"A001","ok":true})");
    Reply reply;
    reply.id = "x";
    CHECK(encode_reply(reply) == R"({"id":"x","ok":true})");
}

TEST_CASE("replies survive a round trip, success and error alike", "[codec]") {
    Reply success;
    success.id = "k1-7";
    success.ticket = sample_ticket();
    success.counter = sample_counter();
    const auto payload = encode_reply(success);
    const Reply back = ok(decode_reply(payload));
    CHECK(back.ok);
    REQUIRE(back.ticket);
    CHECK(back.ticket->number == "A042");
    CHECK(back.ticket->estimated_wait_s == 300);
    REQUIRE(back.counter);
    REQUIRE(back.counter->current);
    CHECK(back.counter->current->waited_s == 480);
    CHECK(back.counter->queues.at(0).label.fr == "État civil");
    CHECK(encode_reply(back) == payload);

    Reply refused = error_reply("k1-8", "cutoff", "Le service ferme avant votre tour.");
    refused.advice = "Revenez demain à 8 h 30.";
    const auto error_payload = encode_reply(refused);
    CHECK(
        error_payload ==
        R"({"id":"k1-8","ok":false,"error":{"code":"cutoff","message":"Le service ferme avant votre tour."},"advice":"Revenez demain à 8 h 30."})");
    const Reply error_back = ok(decode_reply(error_payload));
    CHECK_FALSE(error_back.ok);
    CHECK(error_back.error->code == "cutoff");
    CHECK(error_back.advice == refused.advice);
}

TEST_CASE("a ticket.take reply carries the return time of a long wait", "[codec]") {
    Reply taken;
    taken.id = "b1-3";
    taken.ticket = sample_ticket();
    taken.ticket->state = "waiting";
    taken.ticket->counter.reset();
    taken.ticket->called_at.reset();
    taken.ticket->estimated_wait_s = 4980;
    taken.ticket->return_at = "2026-03-16T10:30:00+01:00";
    const auto payload = encode_reply(taken);
    CHECK_THAT(payload, Catch::Contains(R"("return_at":"2026-03-16T10:30:00+01:00")"));
    const Reply back = ok(decode_reply(payload));
    REQUIRE(back.ticket);
    CHECK(back.ticket->return_at == "2026-03-16T10:30:00+01:00");
    CHECK_FALSE(ok(decode_reply(encode_reply(Reply{"x", true, {}, sample_ticket(), {}, {}})))
                    .ticket->return_at);
    CHECK(failed(decode_reply(R"({"id":"x","ok":true,"ticket":{"number":"A001","service":"s",)"
                              R"("issued_at":"t","priority":false,"state":"waiting","ahead":0,)"
                              R"("return_at":1130}})"))
              .field == "ticket.return_at");
}

TEST_CASE("a reply to an unreadable request may carry an empty id", "[codec]") {
    const auto payload = encode_reply(error_reply("", "bad_request", "Requête invalide."));
    CHECK(ok(decode_reply(payload)).id.empty());
}

TEST_CASE("a reply's ok and error must agree", "[codec]") {
    CHECK(failed(decode_reply(R"({"id":"a","ok":false})")).field == "error");
    CHECK(
        failed(decode_reply(R"({"id":"a","ok":true,"error":{"code":"queue_empty","message":"m"}})"))
            .field == "error");
}

TEST_CASE("published state survives a round trip", "[codec]") {
    BoardState board;
    board.seq = 1u << 31;
    board.seq *= 4;  // beyond 32 bits
    board.at = "2026-10-25T02:30:00+01:00";
    board.site_name = "Mairie du 11e";
    board.calls = {BoardCall{"A042", "3", "Guichet 3", "2026-10-25T02:29:00+01:00"}};
    board.services = {
        BoardService{"etat-civil", {"État civil", "Civil status"}, "open", 4, 600},
        BoardService{"casvp", {"CASVP", "Social services"}, "cutoff", 9, std::nullopt}};
    board.hours_today = LocalizedText{"8 h 30 – 17 h 00", "8:30 am – 5:00 pm"};
    const auto board_payload = encode_board(board);
    const BoardState board_back = ok(decode_board(board_payload));
    CHECK(board_back.seq == board.seq);
    CHECK(board_back.services.at(1).state == "cutoff");
    CHECK_FALSE(board_back.notice);
    CHECK(encode_board(board_back) == board_payload);

    const auto view_payload = encode_counter_view(sample_counter());
    CHECK(encode_counter_view(ok(decode_counter_view(view_payload))) == view_payload);

    const CallEvent call{"A042", "3", "Guichet 3", true, "2026-03-16T09:25:00+01:00"};
    const auto call_back = ok(decode_call(encode_call(call)));
    CHECK(call_back.recall);
    CHECK(encode_call(call_back) == encode_call(call));

    const ControllerStatus controller{"online", "0.1.0"};
    CHECK(ok(decode_controller_status(encode_controller_status(controller))).state == "online");

    const DeviceStatus device{"lost", "dispenser", "0.1.0"};
    const auto device_back = ok(decode_device_status(encode_device_status(device)));
    CHECK(device_back.state == "lost");
    CHECK(device_back.role == "dispenser");

    const PrinterTelemetry printer{"near_end", "open", false};
    const auto printer_back = ok(decode_printer_telemetry(encode_printer_telemetry(printer)));
    CHECK(printer_back.paper == "near_end");
    CHECK(printer_back.cover == "open");
    CHECK_FALSE(printer_back.online);

    Alert alert{"wait_over_target:A",
                "warning",
                "raised",
                "Attente au-delà de l'objectif",
                "2026-03-16T11:00:00+01:00",
                std::string("etat-civil"),
                std::nullopt,
                std::nullopt};
    const auto alert_payload = encode_alert(alert);
    CHECK(alert_payload.find("counter") == std::string::npos);
    CHECK(encode_alert(ok(decode_alert(alert_payload))) == alert_payload);
}

struct BadCase {
    const char* what;
    std::string payload;
    const char* code;
    const char* field;
    const char* reason;
};

TEST_CASE("every kind of bad request is refused with the field and reason", "[codec]") {
    const std::vector<BadCase> cases = {
        {"over 8 KiB",
         R"({"id":"a","op":"ticket.take","service":")" + std::string(8200, 'x') + R"("})",
         "bad_request", "", "payload larger than 8192 bytes"},
        {"invalid JSON", R"({"id":"a","op":)", "bad_request", "", "invalid JSON"},
        {"invalid UTF-8", "{\"id\":\"a\",\"op\":\"ticket.take\",\"service\":\"\xC3\x28\"}",
         "bad_request", "", "invalid JSON"},
        {"not an object", R"(["ticket.take"])", "bad_request", "", "expected an object"},
        {"empty payload", "", "bad_request", "", "invalid JSON"},
        {"missing id", R"({"op":"call.next"})", "bad_request", "id", "missing field"},
        {"id not a string", R"({"id":7,"op":"call.next"})", "bad_request", "id",
         "expected a string"},
        {"empty id", R"({"id":"","op":"call.next"})", "bad_request", "id",
         "must be 1 to 64 characters"},
        {"id of 65 chars", R"({"id":")" + std::string(65, 'i') + R"(","op":"call.next"})",
         "bad_request", "id", "must be 1 to 64 characters"},
        {"missing op", R"({"id":"a"})", "bad_request", "op", "missing field"},
        {"op not a string", R"({"id":"a","op":1})", "bad_request", "op", "expected a string"},
        {"unknown op", R"({"id":"a","op":"ticket.eat"})", "unknown_op", "op",
         "unknown operation \"ticket.eat\""},
        {"missing argument", R"({"id":"a","op":"ticket.take"})", "bad_request", "service",
         "missing field"},
        {"mistyped argument", R"({"id":"a","op":"ticket.take","service":1})", "bad_request",
         "service", "expected a string"},
        {"empty service", R"({"id":"a","op":"ticket.take","service":""})", "bad_request", "service",
         "must not be empty"},
        {"mistyped boolean", R"({"id":"a","op":"ticket.take","service":"A","priority":"yes"})",
         "bad_request", "priority", "expected a boolean"},
        {"unknown field", R"({"id":"a","op":"ticket.take","service":"A","servce":"B"})",
         "bad_request", "servce", "unknown field"},
        {"argument of another op", R"({"id":"a","op":"call.next","number":"A001"})", "bad_request",
         "number", "unknown field"},
        {"duplicate field", R"({"id":"a","op":"call.number","number":"A1","number":"A2"})",
         "bad_request", "number", "duplicate field"},
        {"invalid lang", R"({"id":"a","op":"ticket.take","service":"A","lang":"de"})",
         "bad_request", "lang", "expected one of: fr, en"},
        {"invalid position", R"({"id":"a","op":"ticket.transfer","service":"B","position":"top"})",
         "bad_request", "position", "expected one of: front, back"},
        {"score too high", R"({"id":"a","op":"survey.vote","score":5})", "bad_request", "score",
         "must be from 1 to 4"},
        {"score too low", R"({"id":"a","op":"survey.vote","score":0})", "bad_request", "score",
         "must be from 1 to 4"},
        {"fractional score", R"({"id":"a","op":"survey.vote","score":2.5})", "bad_request", "score",
         "expected an integer"},
        {"negative footfall", R"({"id":"a","op":"footfall.count","in":-1,"out":0})", "bad_request",
         "in", "must not be negative"},
        {"huge footfall", R"({"id":"a","op":"footfall.count","in":3,"out":99999999999})",
         "bad_request", "out", "too large"},
        {"services not an array", R"({"id":"a","op":"counter.open","services":"A"})", "bad_request",
         "services", "expected an array"},
        {"service entry mistyped", R"({"id":"a","op":"counter.open","services":["A",2]})",
         "bad_request", "services[1]", "expected a string"},
        {"null optional", R"({"id":"a","op":"survey.vote","score":2,"service":null})",
         "bad_request", "service", "expected a string"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto error = failed(decode_request(c.payload));
        CHECK(error.code == c.code);
        CHECK(error.field == c.field);
        CHECK(error.reason == c.reason);
    }
}

TEST_CASE("a decode error keeps the request id when it could be read", "[codec]") {
    CHECK(failed(decode_request(R"({"id":"k1-5","op":"ticket.take"})")).id == "k1-5");
    CHECK(failed(decode_request(R"({"id":"k1-6","op":"nope"})")).id == "k1-6");
    CHECK(failed(decode_request(R"({"id":"","op":"call.next"})")).id.empty());
    CHECK(failed(decode_request(R"({"op":"call.next"})")).id.empty());
}

TEST_CASE("an id is counted in characters, not bytes", "[codec]") {
    std::string id;
    for (int i = 0; i < 64; ++i) id += "é";  // 128 bytes, 64 characters
    const auto payload = R"({"id":")" + id + R"(","op":"call.next"})";
    CHECK(ok(decode_request(payload)).id == id);
}

TEST_CASE("a decode error reads as a French sentence for the reply", "[codec]") {
    const auto mistyped = failed(decode_request(R"({"id":"a","op":"ticket.take","service":1})"));
    CHECK(mistyped.message() == "Requête invalide : champ \"service\" : chaîne attendue.");
    const auto range = failed(decode_request(R"({"id":"a","op":"survey.vote","score":9})"));
    CHECK(range.message() ==
          "Requête invalide : champ \"score\" : doit être compris entre 1 et 4.");
    const auto choice =
        failed(decode_request(R"({"id":"a","op":"ticket.take","service":"A","lang":"it"})"));
    CHECK(choice.message() ==
          "Requête invalide : champ \"lang\" : valeur attendue parmi : fr, en.");
    CHECK(failed(decode_request("{")).message() == "Requête invalide : JSON invalide.");
    CHECK(failed(decode_request(R"({"id":"a","op":"dance"})")).message() ==
          "Opération inconnue : \"dance\".");
}

TEST_CASE("nested fields are named by their path", "[codec]") {
    auto view = sample_counter();
    auto payload = encode_counter_view(view);
    const auto at = payload.find("\"waiting\":4");
    REQUIRE(at != std::string::npos);
    payload.replace(at, 11, "\"waiting\":-4");
    CHECK(failed(decode_counter_view(payload)).field == "queues[0].waiting");
    CHECK(failed(decode_board(R"({"seq":1,"at":"t","site_name":"s","calls":[],"services":[)"
                              R"({"id":"A","label":{"fr":"x"},"state":"open","waiting":0}]})"))
              .field == "services[0].label.en");
    CHECK(
        failed(decode_device_status(R"({"state":"asleep","role":"screen","version":"1"})")).field ==
        "state");
    CHECK(failed(decode_board(R"({"seq":-1,"at":"t","site_name":"s","calls":[],"services":[]})"))
              .reason == "must not be negative");
}

TEST_CASE("deeply nested input is refused without crashing", "[codec]") {
    const std::string deep = std::string(4000, '[') + std::string(4000, ']');
    CHECK(failed(decode_request(deep)).reason == "expected an object");
    const std::string deep_object = R"({"id":"a","op":"call.next","x":)" + std::string(3000, '[') +
                                    std::string(3000, ']') + "}";
    CHECK(failed(decode_request(deep_object)).field == "x");
}
