#include <catch2/catch.hpp>

#include <cstdio>

#include "controller/config/site_time.h"
#include "controller/daemon/site_controller.h"
#include "protocol/codec.h"
#include "tests/controller/town_hall_site.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using namespace std::chrono_literals;

namespace {

using test::kMonday9h;

struct Site {
    config::SiteConfig config = test::town_hall_site();
    daemon::SiteController controller{config, config::find_zone("Europe/Paris")};
    engine::Time now = kMonday9h;
    std::vector<store::Entry> log;
    int next_id = 0;

    daemon::Handled send(const std::string& device, const std::string& payload) {
        // The log stands in for the store: replies of committed batches are found there.
        daemon::Handled h = controller.handle(device, payload, now, [&](auto& dev, auto& id) {
            for (const store::Entry& e : log)
                if (e.device == dev && e.request_id == id) return std::optional(e.reply);
            return std::optional<std::string>();
        });
        if (h.entry) log.push_back(*h.entry);
        controller.batch_committed();
        return h;
    }

    protocol::Reply request(const std::string& device, const std::string& op_json) {
        const std::string id = "r" + std::to_string(++next_id);
        const daemon::Handled h = send(device, R"({"id":")" + id + R"(",)" + op_json + "}");
        auto reply = protocol::decode_reply(h.reply);
        REQUIRE(std::holds_alternative<protocol::Reply>(reply));
        return std::get<protocol::Reply>(reply);
    }

    // A visitor takes a ticket at the entrance dispenser.
    protocol::Reply take(const std::string& service) {
        return request("borne-entree", R"("op":"ticket.take","service":")" + service + "\"");
    }

    std::string error_of(const std::string& device, const std::string& op_json) {
        const protocol::Reply r = request(device, op_json);
        REQUIRE_FALSE(r.ok);
        REQUIRE(r.error);
        CHECK_FALSE(r.error->message.empty());
        return r.error->code;
    }
};

std::string error_code_of(const daemon::Handled& h) {
    auto reply = protocol::decode_reply(h.reply);
    REQUIRE(std::holds_alternative<protocol::Reply>(reply));
    const auto& r = std::get<protocol::Reply>(reply);
    REQUIRE(r.error);
    return r.error->code;
}

}  // namespace

TEST_CASE("a dispenser takes a ticket and gets its number, people ahead and estimated wait") {
    Site site;
    site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")");
    const protocol::Reply r =
        site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")");
    REQUIRE(r.ok);
    REQUIRE(r.ticket);
    CHECK(r.ticket->number == "A002");
    CHECK(r.ticket->ahead == 1);
    CHECK(r.ticket->issued_at == "2026-11-23T09:00:00+01:00");
    // No counter is open yet: no honest estimate can be given.
    CHECK_FALSE(r.ticket->estimated_wait_s);
    site.request("poste-1", R"("op":"counter.open")");
    const protocol::Reply r3 =
        site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")");
    REQUIRE(r3.ticket->estimated_wait_s);
    // Two people ahead at one counter, about 5 min each (learned times start from the config).
    CHECK(*r3.ticket->estimated_wait_s >= 6 * 60);
    CHECK(*r3.ticket->estimated_wait_s <= 11 * 60);
}

TEST_CASE("a counter terminal opens, calls the next ticket and the call is announced") {
    Site site;
    site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
    CHECK(site.request("poste-5", R"("op":"counter.open")").counter->state == "open");
    const daemon::Handled h = site.send("poste-5", R"({"id":"call-1","op":"call.next"})");
    REQUIRE(h.calls.size() == 1);
    CHECK(h.calls[0].number == "D001");
    CHECK(h.calls[0].counter_label == "Guichet 5");
    CHECK(h.state_changed);
    CHECK(h.counters_changed == std::vector<std::string>{"5"});
    const auto board = site.controller.board(site.now);
    REQUIRE(board.calls.size() == 1);
    CHECK(board.calls[0].number == "D001");
    CHECK(board.site_name == "Mairie du 11e arrondissement");
    const auto view = site.controller.counter_view("5", site.now);
    REQUIRE(view.current);
    CHECK(view.current->number == "D001");
    CHECK(view.agent == std::nullopt);
    CHECK(site.controller.counter_view("1", site.now).agent->name == "Mme Durand");
}

TEST_CASE("a repeated request id gets the first reply and has no second effect") {
    Site site;
    const std::string take = R"({"id":"same","op":"ticket.take","service":"etat-civil"})";
    const daemon::Handled first = site.send("borne-entree", take);
    const daemon::Handled again = site.send("borne-entree", take);
    CHECK(again.reply == first.reply);
    CHECK_FALSE(again.entry);
    CHECK(site.controller.engine().waiting("etat-civil").size() == 1);

    SECTION("also when the first reply is only in the log (after a restart)") {
        daemon::SiteController fresh(site.config, config::find_zone("Europe/Paris"));
        const daemon::Handled h =
            fresh.handle("borne-entree", take, site.now, [&](auto& dev, auto& id) {
                return dev == "borne-entree" && id == "same" ? std::optional(first.reply)
                                                             : std::nullopt;
            });
        CHECK(h.reply == first.reply);
        CHECK_FALSE(h.entry);
    }
    SECTION("but the same id from another device is a different request") {
        const daemon::Handled other =
            site.send("borne-etage", R"({"id":"same","op":"ticket.take","service":"titres"})");
        CHECK(other.entry);
    }
}

TEST_CASE("operations are authorised by the role the site config gives the device") {
    Site site;
    CHECK(site.error_of("borne-entree", R"("op":"call.next")") == "not_allowed");
    CHECK(site.error_of("poste-1", R"("op":"ticket.take","service":"etat-civil")") ==
          "not_allowed");
    CHECK(site.error_of("ecran-hall", R"("op":"ticket.take","service":"etat-civil")") ==
          "not_allowed");
    CHECK(site.error_of("intrus", R"("op":"ticket.take","service":"etat-civil")") == "not_allowed");
    // A kiosk limited to some services may not issue the others.
    CHECK(site.error_of("borne-etage", R"("op":"ticket.take","service":"etat-civil")") ==
          "not_allowed");
    CHECK(site.request("borne-etage", R"("op":"ticket.take","service":"titres")").ok);
    // Refusals are logged with their reason: they are part of the day's truth.
    REQUIRE_FALSE(site.log.empty());
    CHECK(site.log.front().error_code == "not_allowed");
    CHECK_FALSE(site.log.front().ok);
}

TEST_CASE("bad input gets an error reply with the right code and changes nothing") {
    Site site;
    CHECK(error_code_of(site.send("borne-entree", "{not json")) == "bad_request");
    CHECK(error_code_of(site.send("borne-entree", R"({"id":"x","op":"ticket.take"})")) ==
          "bad_request");
    CHECK(error_code_of(site.send(
              "borne-entree", R"({"id":"x","op":"ticket.take","service":42})")) == "bad_request");
    CHECK(error_code_of(site.send("borne-entree", R"({"id":"x","op":"ticket.fly"})")) ==
          "unknown_op");
    CHECK(error_code_of(site.send("borne-entree", std::string(9000, ' ') + "{}")) == "bad_request");
    CHECK(site.error_of("borne-entree", R"("op":"ticket.take","service":"piscine")") ==
          "unknown_service");
    CHECK(site.controller.engine().waiting("etat-civil").empty());
    // The id is echoed when it could be read, so the device can match the error.
    const auto r = protocol::decode_reply(
        site.send("borne-entree", R"({"id":"abc","op":"ticket.fly"})").reply);
    CHECK(std::get<protocol::Reply>(r).id == "abc");
}

TEST_CASE("outside opening hours a service is closed: take is refused, the board says so") {
    Site site;
    site.now = kMonday9h - 2h;  // 07:00
    CHECK(site.error_of("borne-entree", R"("op":"ticket.take","service":"etat-civil")") ==
          "service_closed");
    const auto board = site.controller.board(site.now);
    CHECK(board.services[0].state == "closed");
    REQUIRE(board.hours_today);
    CHECK(board.hours_today->fr == "8 h 30 – 17 h 00");
}

TEST_CASE("restoring from the log gives the same queues, counters and calls") {
    test::TempDir dir;
    Site site;
    for (int i = 0; i < 5; ++i)
        site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")");
    site.request("poste-1", R"("op":"counter.open")");
    site.request("poste-1", R"("op":"call.next")");
    site.request("poste-1", R"("op":"ticket.no_show")");
    site.request("poste-1", R"("op":"call.next")");
    site.request("poste-1", R"("op":"ticket.transfer","service":"titres","position":"front")");
    {
        store::EventStore s((dir / "site.db").string());
        s.append(site.log);
    }
    store::EventStore s((dir / "site.db").string());
    daemon::SiteController restored(site.config, config::find_zone("Europe/Paris"));
    restored.restore(s);
    CHECK(protocol::encode_board(restored.board(site.now)) ==
          protocol::encode_board(site.controller.board(site.now)));
    for (const auto& c : site.config.counters)
        CHECK(protocol::encode_counter_view(restored.counter_view(c.id, site.now)) ==
              protocol::encode_counter_view(site.controller.counter_view(c.id, site.now)));
    // Numbering continues where it stopped.
    const daemon::Handled h = restored.handle(
        "borne-entree", R"({"id":"after","op":"ticket.take","service":"etat-civil"})", site.now,
        [](auto&, auto&) { return std::optional<std::string>(); });
    CHECK(std::get<protocol::Reply>(protocol::decode_reply(h.reply)).ticket->number == "A006");
}

TEST_CASE("near closing, a ticket that could not be served before closing is refused with cutoff") {
    Site site;
    site.now = kMonday9h + 7h + 30min;  // 16:30, the site closes at 17:00
    site.request("poste-5", R"("op":"counter.open")");
    for (int i = 0; i < 2; ++i)
        REQUIRE(site.request("borne-entree", R"("op":"ticket.take","service":"titres")").ok);
    // Titres: 10 min each, 10 min margin: a third visitor would end after 17:00 - 10 min.
    CHECK(site.error_of("borne-entree", R"("op":"ticket.take","service":"titres")") == "cutoff");
    CHECK(site.log.back().error_code == "cutoff");
    CHECK(site.controller.board(site.now).services[3].state == "cutoff");
    // Other services are still open.
    CHECK(site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")").ok);
}

TEST_CASE("a long estimate gets a return time in the reply and in the log, short ones do not") {
    Site site;
    for (config::Service& s : site.config.services)
        if (s.id == "titres") s.return_after = 15min;
    site.request("poste-5", R"("op":"counter.open")");
    // One counter for titres (10 min each): the third visitor waits about 20 min.
    std::vector<protocol::TicketView> tickets;
    for (int i = 0; i < 3; ++i) {
        const auto r = site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
        REQUIRE(r.ticket);
        tickets.push_back(*r.ticket);
        // The printed estimate is kept with the issue, for the report's accuracy figure.
        CHECK(site.log.back().estimated_wait_s == r.ticket->estimated_wait_s);
    }
    REQUIRE(tickets[1].estimated_wait_s);
    CHECK(*tickets[1].estimated_wait_s < 15 * 60);
    CHECK_FALSE(tickets[1].return_at);
    REQUIRE(tickets[2].estimated_wait_s);
    REQUIRE(*tickets[2].estimated_wait_s > 15 * 60);
    // Estimated call minus 10 min, rounded down to 5 local minutes (taken at 9 h 00).
    const int back_min = (*tickets[2].estimated_wait_s - 10 * 60) / 60 / 5 * 5;
    char expected[48];
    std::snprintf(expected, sizeof expected, "2026-11-23T09:%02d:00+01:00", back_min);
    CHECK(tickets[2].return_at == std::string(expected));
    const auto& notes = site.log.back().notes;
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].type == "return_time.given");
    CHECK(notes[0].data.at("number") == tickets[2].number);
    CHECK(notes[0].data.at("return_at") == std::string(expected));
}

TEST_CASE("a service's daily quota refuses the next ticket with quota_reached, logged as such") {
    Site site;
    for (config::Service& s : site.config.services)
        if (s.id == "etat-civil") s.daily_quota = 2;
    for (int i = 0; i < 2; ++i)
        REQUIRE(site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")").ok);
    const protocol::Reply refused =
        site.request("borne-entree", R"("op":"ticket.take","service":"etat-civil")");
    REQUIRE(refused.error);
    CHECK(refused.error->code == "quota_reached");
    CHECK(refused.error->message == "Tous les tickets du jour pour ce service ont été distribués.");
    CHECK(refused.advice == "Prochaine ouverture le 24/11 à 8 h 30.");
    CHECK(site.log.back().error_code == "quota_reached");
    CHECK(site.log.back().events.empty());
    // Other services keep their own count.
    CHECK(site.request("borne-entree", R"("op":"ticket.take","service":"titres")").ok);
}

TEST_CASE(
    "once a door sensor reports, the room's occupancy is the door count, also after restore") {
    test::TempDir dir;
    Site site;
    site.config.capacity = 3;
    site.config.devices.push_back(config::Device{"capteur-1", config::Role::sensor, {}, "", ""});
    const std::string take = R"("op":"ticket.take","service":"etat-civil")";
    // No count yet: three visitors holding a ticket fill the room.
    for (int i = 0; i < 3; ++i) REQUIRE(site.request("borne-entree", take).ok);
    CHECK(site.error_of("borne-entree", take) == "capacity_full");
    // The door saw 2 in and 1 out: one person inside, whatever the tickets say.
    REQUIRE(site.request("capteur-1", R"("op":"footfall.count","in":2,"out":1)").ok);
    REQUIRE(site.request("borne-entree", take).ok);
    REQUIRE(site.request("capteur-1", R"("op":"footfall.count","in":2,"out":0)").ok);
    CHECK(site.error_of("borne-entree", take) == "capacity_full");  // 3 inside
    {
        store::EventStore s((dir / "site.db").string());
        s.append(site.log);
    }
    store::EventStore s((dir / "site.db").string());
    daemon::SiteController restored(site.config, config::find_zone("Europe/Paris"));
    restored.restore(s);
    auto send = [&](const std::string& device, const std::string& id, const std::string& op) {
        const daemon::Handled h =
            restored.handle(device, R"({"id":")" + id + R"(",)" + op + "}", site.now,
                            [](auto&, auto&) { return std::optional<std::string>(); });
        return std::get<protocol::Reply>(protocol::decode_reply(h.reply));
    };
    CHECK(send("borne-entree", "after-1", take).error->code == "capacity_full");
    REQUIRE(send("capteur-1", "after-2", R"("op":"footfall.count","in":0,"out":1)").ok);
    CHECK(send("borne-entree", "after-3", take).ok);
}

TEST_CASE("a ticket given a return time is not called before it, also after a restore") {
    test::TempDir dir;
    Site site;
    for (config::Service& s : site.config.services)
        if (s.id == "titres") s.return_after = 15min;
    site.request("poste-5", R"("op":"counter.open")");
    std::vector<protocol::TicketView> tickets;
    for (int i = 0; i < 3; ++i)
        tickets.push_back(
            *site.request("borne-entree", R"("op":"ticket.take","service":"titres")").ticket);
    REQUIRE(tickets[2].return_at);
    const engine::Time back =
        site.controller.engine().ticket(tickets[2].number)->not_before.value();
    CHECK(config::format_local_iso(config::find_zone("Europe/Paris"), back) ==
          *tickets[2].return_at);
    CHECK(site.request("poste-5", R"("op":"call.next")").ticket->number == tickets[0].number);
    CHECK(site.request("poste-5", R"("op":"call.next")").ticket->number == tickets[1].number);
    // The queue moved faster than estimated: the visitor told to come back is not called yet.
    CHECK(site.error_of("poste-5", R"("op":"call.next")") == "queue_empty");
    CHECK(site.controller.board(site.now).services[3].waiting == 1);
    {
        store::EventStore s((dir / "site.db").string());
        s.append(site.log);
    }
    store::EventStore s((dir / "site.db").string());
    daemon::SiteController restored(site.config, config::find_zone("Europe/Paris"));
    restored.restore(s);
    CHECK(restored.engine().ticket(tickets[2].number)->not_before == back);
    CHECK_FALSE(restored.engine().next_for(
        "5", config::site_clock(config::find_zone("Europe/Paris"), back - 1s)));
    CHECK(restored.engine().next_for("5", config::site_clock(config::find_zone("Europe/Paris"),
                                                             back)) == tickets[2].number);
}

TEST_CASE("a visitor called and not started is expected not to come where agents press start") {
    Site site;
    site.request("poste-5", R"("op":"counter.open")");
    // 20 visits of 10 min at counter 5, each started when the visitor sat down: the
    // log shows that this site presses "start".
    for (int i = 0; i < 20; ++i) {
        site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
        site.request("poste-5", R"("op":"call.next")");
        site.now += 30s;
        site.request("poste-5", R"("op":"ticket.start")");
        site.now += 570s;
        site.request("poste-5", R"("op":"ticket.finish")");
    }
    site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
    site.request("poste-5", R"("op":"call.next")");
    site.now += 30s;
    const protocol::Reply r =
        site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
    REQUIRE(r.ticket->estimated_wait_s);
    // Not started 30 s after the call: the counter gives up at the no-show delay (90 s).
    CHECK(*r.ticket->estimated_wait_s == 60);
    site.request("poste-5", R"("op":"ticket.start")");
    const protocol::Reply r2 =
        site.request("borne-entree", R"("op":"ticket.take","service":"titres")");
    REQUIRE(r2.ticket->estimated_wait_s);
    // Started: the visit goes on (9 min 30 s left), then the ticket ahead (10 min, less
    // the small chance that its visitor does not come).
    CHECK(*r2.ticket->estimated_wait_s > 1100);
    CHECK(*r2.ticket->estimated_wait_s <= 1170);
}

TEST_CASE("a paused counter is expected back after its agent's usual pause, learned from the log") {
    Site site;
    site.request("poste-5", R"("op":"counter.open")");
    site.request("poste-5", R"("op":"counter.pause")");
    site.now += 1min;
    const protocol::Reply first = site.take("titres");
    // Counter 5 alone serves this service and is paused: nothing learned yet, it is expected
    // back 30 min after its pause began.
    REQUIRE(first.ticket->estimated_wait_s);
    CHECK(*first.ticket->estimated_wait_s == 29 * 60);
    site.request("poste-5", R"("op":"counter.open")");
    site.request("poste-5", R"("op":"call.next")");
    site.now += 10min;
    site.request("poste-5", R"("op":"ticket.finish")");
    // Three pauses of 10 min: the usual pause is now 10 min.
    for (int i = 0; i < 3; ++i) {
        site.request("poste-5", R"("op":"counter.pause")");
        site.now += 10min;
        site.request("poste-5", R"("op":"counter.open")");
        site.now += 1min;
    }
    site.request("poste-5", R"("op":"counter.pause")");
    site.now += 2min;
    const protocol::Reply later = site.take("titres");
    REQUIRE(later.ticket->estimated_wait_s);
    CHECK(*later.ticket->estimated_wait_s == 8 * 60);
}

TEST_CASE("a counter that paused at noon on past days is expected to pause at noon today") {
    Site site;
    const auto at_noon = [](int day) { return kMonday9h + std::chrono::hours(24 * day + 3); };
    for (int day = 0; day < 2; ++day) {
        site.now = kMonday9h + std::chrono::hours(24 * day);
        site.request("poste-5", R"("op":"counter.open")");
        site.now = at_noon(day);
        site.request("poste-5", R"("op":"counter.pause")");
        site.now += 30min;
        site.request("poste-5", R"("op":"counter.close")");
    }
    site.now = kMonday9h + std::chrono::hours(48);
    site.request("poste-5", R"("op":"counter.open")");
    site.now = at_noon(2) - 5min;
    site.take("titres");
    site.request("poste-5", R"("op":"call.next")");
    site.now += 10min;
    const protocol::Reply r = site.take("titres");
    REQUIRE(r.ticket->estimated_wait_s);
    // Past noon, the visit under way ends and then the agent goes on the usual pause
    // (30 min, nothing else learned) before calling this ticket.
    CHECK(*r.ticket->estimated_wait_s >= 30 * 60);
    CHECK(*r.ticket->estimated_wait_s <= 45 * 60);
}
