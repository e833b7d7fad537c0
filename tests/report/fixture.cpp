#include "tests/report/fixture.h"

#include "controller/config/site_time.h"
#include "controller/report/archive.h"

namespace guichet::test {

namespace {

const char* kSiteToml = R"toml(
[site]
id = "mairie-test"
name = "Mairie de test"
timezone = "Europe/Paris"
capacity = 40

[[hours]]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
open = "08:30"
close = "17:00"

[[service]]
id = "etat-civil"
prefix = "A"
label = { fr = "État civil", en = "Civil status" }
target_wait_min = 20
mean_service_min = 5

[[service]]
id = "titres"
prefix = "B"
label = { fr = "Titres d'identité", en = "Identity documents" }
target_wait_min = 20
mean_service_min = 10

[[counter]]
id = "1"
label = "Guichet 1"
services = ["etat-civil"]

[[counter]]
id = "2"
label = "Guichet 2"
services = ["etat-civil", "titres"]
)toml";

}  // namespace

const char* fixture_site_toml() {
    return kSiteToml;
}

config::SiteConfig fixture_site() {
    auto parsed = config::parse_site_config(kSiteToml, "fixture.toml");
    if (auto* err = std::get_if<config::ConfigError>(&parsed))
        throw std::runtime_error(err->message());
    return std::get<config::SiteConfig>(parsed);
}

LogWriter::LogWriter(store::EventStore& store, const date::time_zone* zone, std::string day)
    : store_(store), zone_(zone), day_(std::move(day)) {}

engine::Time LogWriter::at(int hour, int minute, int second) const {
    const date::local_days d{report::parse_day(day_).value().time_since_epoch()};
    const auto local =
        d + std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
    return date::floor<std::chrono::seconds>(zone_->to_sys(local, date::choose::earliest));
}

void LogWriter::event(engine::Event e) {
    store::Entry entry;
    entry.device = "test";
    entry.request_id = day_ + "-" + std::to_string(++next_id_);
    entry.op = engine::event_type(e);
    entry.at = std::visit([](const auto& ev) { return ev.at; }, e);
    entry.day = config::format_local_date(zone_, entry.at);
    entry.events.push_back(std::move(e));
    entry.reply = "{}";
    store_.append({entry});
}

void LogWriter::note(engine::Time at, const std::string& type, nlohmann::json data) {
    store::Entry entry;
    entry.device = "test";
    entry.request_id = day_ + "-" + std::to_string(++next_id_);
    entry.op = type;
    entry.at = at;
    entry.day = config::format_local_date(zone_, at);
    entry.notes.push_back({type, std::move(data)});
    entry.reply = "{}";
    store_.append({entry});
}

void LogWriter::refusal(engine::Time at, const std::string& op, const std::string& code) {
    store::Entry entry;
    entry.device = "borne";
    entry.request_id = day_ + "-" + std::to_string(++next_id_);
    entry.op = op;
    entry.at = at;
    entry.day = config::format_local_date(zone_, at);
    entry.ok = false;
    entry.error_code = code;
    entry.reply = "{}";
    store_.append({entry});
}

void LogWriter::issue(const std::string& number, const std::string& service, engine::Time t,
                      std::optional<int> estimate) {
    store::Entry entry;
    entry.device = "borne";
    entry.request_id = day_ + "-" + std::to_string(++next_id_);
    entry.op = "ticket.take";
    entry.at = t;
    entry.day = config::format_local_date(zone_, t);
    entry.events.push_back(
        engine::TicketIssued{number, service, false, t, config::site_clock(zone_, t).day});
    entry.estimated_wait_s = estimate;
    entry.reply = "{}";
    store_.append({entry});
}

void write_fixture_day(store::EventStore& store, const std::string& day) {
    using namespace engine;
    const auto* zone = config::find_zone("Europe/Paris");
    LogWriter w(store, zone, day);
    const std::vector<std::string> ab = {"etat-civil", "titres"};
    w.event(CounterOpened{"1", {"etat-civil"}, w.at(9, 0)});
    w.event(CounterOpened{"2", ab, w.at(9, 0)});
    w.issue("A001", "etat-civil", w.at(9, 0), 300);
    w.event(TicketCalled{"A001", "1", false, false, w.at(9, 2)});
    w.event(TicketStarted{"A001", w.at(9, 3)});
    w.issue("B001", "titres", w.at(9, 5));
    w.event(TicketFinished{"A001", w.at(9, 8)});
    w.event(TicketCalled{"B001", "2", false, false, w.at(9, 10)});
    w.event(TicketFinished{"B001", w.at(9, 25)});
    w.event(CounterPaused{"2", w.at(9, 30)});
    w.issue("B002", "titres", w.at(9, 35));
    w.note(w.at(9, 50), "alert.raised",
           {{"id", "al-1"},
            {"kind", "wait_over_target"},
            {"service", "titres"},
            {"message", "Attente titres > 20 min"}});
    w.event(CounterOpened{"2", ab, w.at(10, 0)});
    w.note(w.at(10, 0), "alert.resolved", {{"id", "al-1"}});
    w.event(TicketCalled{"B002", "2", false, false, w.at(10, 0)});
    w.event(TicketStarted{"B002", w.at(10, 1)});
    w.event(TicketFinished{"B002", w.at(10, 11)});
    w.event(CounterClosed{"2", w.at(10, 30)});
    w.issue("A002", "etat-civil", w.at(10, 40), 240);
    w.event(TicketCalled{"A002", "1", false, false, w.at(10, 45)});
    w.event(TicketCalled{"A002", "1", true, false, w.at(10, 47)});
    w.event(TicketNoShow{"A002", w.at(10, 48)});
    w.issue("A003", "etat-civil", w.at(10, 50));
    w.event(TicketCancelled{"A003", "papier épuisé", w.at(10, 50)});
    w.issue("A004", "etat-civil", w.at(10, 52));
    w.event(TicketCalled{"A004", "1", false, false, w.at(10, 53)});
    w.event(TicketTransferred{"A004", "titres", Position::back, w.at(10, 58)});
    w.issue("A005", "etat-civil", w.at(11, 0));
    w.event(TicketCalled{"A005", "1", false, false, w.at(11, 0)});
    w.event(TicketStarted{"A005", w.at(11, 0)});
    w.issue("A006", "etat-civil", w.at(11, 1));
    w.issue("A007", "etat-civil", w.at(11, 2));
    w.issue("A008", "etat-civil", w.at(11, 3));
    w.event(TicketFinished{"A005", w.at(11, 10)});
    w.event(TicketCalled{"A006", "1", false, false, w.at(11, 10)});
    w.event(TicketStarted{"A006", w.at(11, 10)});
    w.event(TicketFinished{"A006", w.at(11, 20)});
    w.event(TicketCalled{"A007", "1", false, false, w.at(11, 20)});
    w.event(TicketStarted{"A007", w.at(11, 20)});
    w.event(TicketFinished{"A007", w.at(11, 30)});
    w.event(TicketCalled{"A008", "1", false, false, w.at(11, 30)});
    w.event(TicketStarted{"A008", w.at(11, 30)});
    w.event(TicketFinished{"A008", w.at(11, 40)});
    w.note(w.at(12, 0), "survey.voted", {{"score", 4}, {"service", "etat-civil"}});
    w.note(w.at(12, 5), "survey.voted", {{"score", 3}});
    w.note(w.at(12, 10), "survey.voted", {{"score", 1}, {"service", "titres"}});
    w.event(CounterOpened{"2", {"titres"}, w.at(13, 45)});
    w.event(TicketCalled{"A004", "2", false, false, w.at(13, 45)});
    w.event(TicketFinished{"A004", w.at(13, 49)});
    w.issue("B003", "titres", w.at(13, 50));
    w.event(TicketCalled{"B003", "2", false, false, w.at(13, 50)});
    w.event(TicketStarted{"B003", w.at(13, 50)});
    w.issue("B004", "titres", w.at(14, 0));
    w.event(TicketFinished{"B003", w.at(14, 35)});
    w.event(TicketCalled{"B004", "2", false, false, w.at(14, 35)});
    w.event(TicketStarted{"B004", w.at(14, 36)});
    w.event(TicketFinished{"B004", w.at(14, 46)});
    w.event(CounterClosed{"2", w.at(15, 0)});
    w.issue("A009", "etat-civil", w.at(16, 50));
    w.refusal(w.at(16, 52), "ticket.take", "cutoff");
    w.refusal(w.at(16, 53), "ticket.take", "capacity_full");
    w.refusal(w.at(16, 54), "ticket.take", "service_closed");
    w.refusal(w.at(16, 55), "ticket.take", "unknown_service");
    w.refusal(w.at(16, 56), "counter.open", "not_allowed");
    w.event(CounterClosed{"1", w.at(17, 0)});
}

}  // namespace guichet::test
