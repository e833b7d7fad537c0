// guichet: the agents' and operators' command line.
//
//   guichet take    --config site.toml --service A [--priority]
//   guichet counter --config site.toml --counter 3 next|recall|start|finish|no-show|
//                                                   transfer B [--front]|call A042|open|pause|close
//   guichet status  --config site.toml
//   guichet mosquitto-config --config site.toml --out DIR
#include <CLI/CLI.hpp>

#include <pwd.h>
#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "controller/cli/mosquitto_config.h"
#include "controller/cli/plan.h"
#include "controller/config/site_config.h"
#include "controller/config/site_time.h"
#include "controller/evidence/evidence.h"
#include "controller/report/run_report.h"
#include "controller/simulate/command.h"
#include "controller/store/event_store.h"
#include "protocol/codec.h"
#include "protocol/device_client.h"

namespace {

using namespace guichet;

config::SiteConfig load_or_exit(const std::string& path) {
    auto loaded = config::load_site_config(path);
    if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
        std::cerr << "configuration refusée : " << err->message() << "\n";
        std::exit(2);
    }
    return std::get<config::SiteConfig>(std::move(loaded));
}

// A service named by id or by its ticket prefix ("A").
const config::Service* find_service(const config::SiteConfig& site, const std::string& name) {
    if (const config::Service* s = site.service(name)) return s;
    for (const config::Service& s : site.services)
        if (s.prefix == name) return &s;
    return nullptr;
}

std::string minutes_text(int seconds) {
    const int m = (seconds + 59) / 60;
    return m <= 1 ? "moins d'une minute" : "environ " + std::to_string(m) + " min";
}

// The protocol's state words, as an agent reads them.
std::string french_state(const std::string& state) {
    static const std::map<std::string, std::string> words = {
        {"waiting", "en attente"},
        {"called", "appelé"},
        {"serving", "en cours"},
        {"finished", "terminé"},
        {"no_show", "absent"},
        {"transferred", "transféré"},
        {"cancelled", "annulé"},
        {"open", "ouvert"},
        {"paused", "en pause"},
        {"closed", "fermé"},
        {"cutoff", "complet jusqu'à la fermeture"},
        {"full", "salle pleine"}};
    auto it = words.find(state);
    return it == words.end() ? state : it->second;
}

std::string people_ahead(int n) {
    if (n == 0) return "personne avant vous";
    return std::to_string(n) + (n > 1 ? " personnes" : " personne") + " avant vous";
}

std::string describe(const protocol::TicketView& t) {
    std::string s = t.number;
    if (t.priority) s += " (prioritaire)";
    if (t.state == "waiting") {
        s += " — " + people_ahead(t.ahead);
        if (t.estimated_wait_s) s += ", attente estimée " + minutes_text(*t.estimated_wait_s);
    } else if (t.counter) {
        s += " — " + french_state(t.state) + ", guichet " + *t.counter;
    }
    return s;
}

// Sends one request as `device` and prints the answer; the exit code says how it went.
int send(const config::SiteConfig& site, const std::string& broker, const config::Device& device,
         protocol::Operation op) {
    protocol::DeviceClientOptions o;
    o.server_uri = broker.empty() ? site.broker.url : broker;
    o.site = site.id;
    o.device = device.id;
    o.password = device.password;
    o.role = config::to_string(device.role);
    o.announce_presence = false;  // the real device may be running: leave its session alone
    protocol::DeviceClient client(o);
    client.start();
    if (!client.wait_connected(std::chrono::seconds(5))) {
        std::cerr << "broker injoignable : " << o.server_uri << "\n";
        return 3;
    }
    auto reply = client.request({client.next_id(), std::move(op)});
    if (!reply) {
        std::cerr << "pas de réponse du contrôleur (est-il démarré ?)\n";
        return 3;
    }
    if (!reply->ok) {
        std::cerr << "refusé (" << reply->error->code << ") : " << reply->error->message << "\n";
        if (reply->advice) std::cerr << *reply->advice << "\n";
        return 1;
    }
    if (reply->ticket) std::cout << "Ticket " << describe(*reply->ticket) << "\n";
    if (reply->counter)
        std::cout << reply->counter->label << " : " << french_state(reply->counter->state) << "\n";
    if (!reply->ticket && !reply->counter) std::cout << "OK\n";
    return 0;
}

const config::Device* device_for(const config::SiteConfig& site, const std::string& wanted,
                                 std::initializer_list<config::Role> roles,
                                 const std::string& counter = "") {
    for (const config::Device& d : site.devices) {
        if (!wanted.empty() && d.id != wanted) continue;
        for (config::Role r : roles)
            if (d.role == r && (counter.empty() || d.counter == counter)) return &d;
    }
    return nullptr;
}

int status(const config::SiteConfig& site, const std::string& broker) {
    const protocol::Topics topics(site.id);
    std::mutex mutex;
    std::condition_variable got;
    std::optional<protocol::BoardState> board;
    std::map<std::string, protocol::CounterView> counters;
    protocol::LinkOptions o;
    o.server_uri = broker.empty() ? site.broker.url : broker;
    o.client_id = "guichet-cli-" + std::to_string(::getpid());
    o.username = site.broker.username;
    o.password = site.broker.password;
    o.subscriptions = {topics.board(), topics.counter_state("+")};
    protocol::MqttLink link(o, [&](const protocol::Message& m) {
        std::lock_guard lock(mutex);
        if (m.topic == topics.board()) {
            auto b = protocol::decode_board(m.payload);
            if (auto* bs = std::get_if<protocol::BoardState>(&b)) board = *bs;
        } else {
            auto v = protocol::decode_counter_view(m.payload);
            if (auto* c = std::get_if<protocol::CounterView>(&v)) counters[c->counter] = *c;
        }
        got.notify_all();
    });
    link.start();
    if (!link.wait_connected(std::chrono::seconds(5))) {
        std::cerr << "broker injoignable : " << o.server_uri << "\n";
        return 3;
    }
    std::unique_lock lock(mutex);
    // Retained messages arrive right after subscribing; give the counters a moment too.
    got.wait_for(lock, std::chrono::seconds(2),
                 [&] { return board && counters.size() >= site.counters.size(); });
    if (!board) {
        std::cerr << "aucun tableau publié : le contrôleur n'a jamais démarré sur ce broker\n";
        return 3;
    }
    std::cout << board->site_name << " — " << board->at << "\n\nFiles d'attente\n";
    for (const auto& s : board->services) {
        std::cout << "  " << s.label.fr << " : " << s.waiting << " en attente";
        if (s.estimated_wait_s)
            std::cout << ", attente estimée " << minutes_text(*s.estimated_wait_s);
        std::cout << " [" << french_state(s.state) << "]\n";
    }
    std::cout << "\nGuichets\n";
    for (const config::Counter& c : site.counters) {
        auto it = counters.find(c.id);
        std::cout << "  " << c.label << " : "
                  << (it == counters.end() ? "?" : french_state(it->second.state));
        if (it != counters.end() && it->second.current)
            std::cout << " — " << it->second.current->number << " ("
                      << french_state(it->second.current->state) << ")";
        std::cout << "\n";
    }
    std::cout << "\nDerniers appels\n";
    for (const auto& call : board->calls)
        std::cout << "  " << call.number << " → " << call.counter_label << "\n";
    lock.unlock();
    link.stop();
    return 0;
}

// The simulator's virtual time is the site's local time written as UTC; the log keeps real UTC.
int simulate_into_store(const simulate::SimulateArgs& args, const std::string& store_path) {
    if (store_path.empty()) return simulate::run_simulate(args, std::cout, std::cerr);
    const config::SiteConfig site = load_or_exit(args.config_path);
    const date::time_zone* zone = config::find_zone(site.timezone);
    const auto parent = std::filesystem::absolute(store_path).parent_path();
    std::filesystem::create_directories(parent);
    store::EventStore log(store_path);
    std::vector<store::Entry> batch;
    auto flush = [&] {
        log.append(batch);
        batch.clear();
    };
    const int status = simulate::run_simulate(
        args, std::cout, std::cerr,
        [&](const engine::Event& event, engine::Time local_as_utc, std::optional<int> printed) {
            store::Entry e;
            e.at = date::floor<std::chrono::seconds>(zone->to_sys(
                date::local_seconds(local_as_utc.time_since_epoch()), date::choose::earliest));
            e.day = config::format_local_date(zone, e.at);
            e.op = "simulate";
            e.events.push_back(event);
            e.estimated_wait_s = printed;
            batch.push_back(std::move(e));
            if (batch.size() >= 10000) flush();
        });
    flush();
    return status;
}

int plan(const std::string& config_path, const std::string& weekday_name,
         const std::string& store_path, const std::string& format, double share) {
    const config::SiteConfig site = load_or_exit(config_path);
    const int weekday = cli::parse_weekday(weekday_name);
    if (weekday < 0) {
        std::cerr << "jour inconnu : " << weekday_name << " (mon, tue, wed, thu, fri, sat, sun)\n";
        return 2;
    }
    const std::string path = store_path.empty() ? site.store_path : store_path;
    if (!std::filesystem::exists(path)) {
        std::cerr << "journal introuvable : " << path << "\n";
        return 2;
    }
    store::EventStore log(path);
    cli::PlanOptions options;
    options.share = share;
    const date::time_zone* zone = config::find_zone(site.timezone);
    const cli::Plan p =
        cli::make_plan(site, zone, cli::observe_weekday(log, zone, weekday), options);
    std::cout << (format == "json" ? cli::plan_json(p) : cli::plan_text(p));
    return 0;
}

int write_broker_config(const config::SiteConfig& site, const std::string& out, int port,
                        const std::string& user) {
    namespace fs = std::filesystem;
    fs::create_directories(out);
    const std::string dir = fs::absolute(out).string();
    const cli::BrokerFiles files = cli::broker_files(site, dir, port, user);
    auto write = [](const fs::path& p, const std::string& text, fs::perms perms) {
        std::ofstream f(p, std::ios::trunc);
        f << text;
        f.close();
        fs::permissions(p, perms);
    };
    write(fs::path(dir) / "mosquitto.conf", files.conf, fs::perms(0644));
    write(fs::path(dir) / "acl", files.acl, fs::perms(0644));
    write(fs::path(dir) / "passwd", files.passwords, fs::perms(0600));
    const std::string hash = "mosquitto_passwd -U '" + dir + "/passwd'";
    if (std::system(hash.c_str()) != 0) {
        std::cerr << "mosquitto_passwd a échoué (paquet mosquitto installé ?)\n";
        return 1;
    }
    // mosquitto reads the password file after dropping to `user`.
    if (::geteuid() == 0) {
        if (passwd* pw = ::getpwnam(user.c_str())) {
            if (::chown((fs::path(dir) / "passwd").c_str(), pw->pw_uid, pw->pw_gid) != 0) {
                std::cerr << "impossible de donner passwd à " << user << "\n";
                return 1;
            }
        }
    }
    std::cout << "écrit : " << dir << "/mosquitto.conf, acl, passwd\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"guichet: take tickets, run a counter, see the queues, configure the broker"};
    app.require_subcommand(1);
    std::string config_path, broker;
    app.add_option("--config", config_path, "site configuration (TOML)")->required();
    app.add_option("--broker", broker, "broker URL (default: [broker] url of the config)");

    auto* take = app.add_subcommand("take", "take a ticket, as a dispenser would");
    std::string service, device;
    bool priority = false;
    take->add_option("--service", service, "service id or letter")->required();
    take->add_flag("--priority", priority, "priority ticket (visitor with a disability)");
    take->add_option("--device", device, "dispenser id (default: the first dispenser)");

    auto* counter = app.add_subcommand("counter", "act as a counter terminal");
    std::string counter_id;
    std::vector<std::string> action;
    bool front = false;
    counter->add_option("--counter", counter_id, "counter id")->required();
    counter
        ->add_option("action", action,
                     "next | recall | start | finish | no-show | transfer SERVICE | "
                     "call NUMBER | open | pause | close")
        ->required();
    counter->add_flag("--front", front, "transfer to the front of the other queue");

    auto* st = app.add_subcommand("status", "queues and counters now");
    auto* mq = app.add_subcommand("mosquitto-config", "write mosquitto.conf, ACL and passwords");
    std::string out;
    int port = 1883;
    std::string user = "mosquitto";
    mq->add_option("--out", out, "output folder")->required();
    mq->add_option("--port", port, "listener port");
    mq->add_option("--user", user, "account mosquitto runs as (reads the password file)");

    auto* rep = app.add_subcommand("report", "daily or period wait report (HTML, CSV, text, JSON)");
    report::ReportArgs report_args;
    rep->add_option("--day", report_args.day, "day, or first day of a period (YYYY-MM-DD)")
        ->required();
    rep->add_option("--to", report_args.to, "last day of a period report (YYYY-MM-DD)");
    rep->add_option("--format", report_args.format, "html | csv | text | json");
    rep->add_option("--lang", report_args.lang, "fr | en");
    rep->add_option("--csv-dialect", report_args.csv_dialect, "fr (';') | en (',')");
    rep->add_option("--out", report_args.out, "output file (default: standard output)");
    rep->add_option("--store", report_args.store, "event log (default: [store] path)");

    auto* evi = app.add_subcommand("evidence", "export the audit evidence of a period");
    evidence::EvidenceArgs evidence_args;
    evi->add_option("--from", evidence_args.from, "first day (YYYY-MM-DD)")->required();
    evi->add_option("--to", evidence_args.to, "last day (YYYY-MM-DD)")->required();
    evi->add_option("--out", evidence_args.out, "output folder")->required();
    evi->add_option("--store", evidence_args.store, "event log (default: [store] path)");

    auto* ver = app.add_subcommand("verify", "check an evidence folder or a live store");
    std::string verify_target;
    ver->add_option("target", verify_target, "evidence folder or store file")->required();

    auto* pur = app.add_subcommand("purge", "remove ticket events older than the retention period");
    evidence::PurgeArgs purge_args;
    pur->add_option("--keep-days", purge_args.keep_days, "days of events kept (default 365)");
    pur->add_option("--today", purge_args.today, "count from this day (default: today)");
    pur->add_option("--store", purge_args.store, "event log (default: [store] path)");

    auto* sim = app.add_subcommand("simulate", "simulate days of visitors through the real engine");
    simulate::SimulateArgs sim_args;
    std::string sim_store;
    bool no_regulation = false;
    sim->add_option("--profile", sim_args.profile_path, "visitor profile (TOML)")->required();
    sim->add_option("--days", sim_args.days, "number of days");
    sim->add_option("--seed", sim_args.seed, "random seed (same seed, same days)");
    sim->add_option("--out", sim_args.out_dir, "output folder (tickets.csv)")->required();
    sim->add_option("--store", sim_store, "also write the events into this log (for reports)");
    sim->add_flag("--no-regulation", no_regulation, "admit every visitor (comparison runs)");
    sim->add_option("--estimate-runs", sim_args.estimate_runs,
                    "Monte Carlo runs per printed estimate, as the controller (0: expected "
                    "values, much faster for a year)")
        ->check(CLI::Range(0, 100000));

    auto* pl = app.add_subcommand("plan", "counters to open per hour on a weekday, from history");
    std::string plan_day, plan_store, plan_format = "text";
    double plan_share = 0.8;
    pl->add_option("--weekday", plan_day, "mon | tue | wed | thu | fri | sat | sun")->required();
    pl->add_option("--store", plan_store, "event log (default: [store] path)");
    pl->add_option("--format", plan_format, "text | json")->check(CLI::IsMember({"text", "json"}));
    pl->add_option("--share", plan_share, "share of visitors called within target (0.8)")
        ->check(CLI::Range(0.01, 0.999));

    CLI11_PARSE(app, argc, argv);
    if (*rep) {
        report_args.config_path = config_path;
        report_args.now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        return report::run_report(report_args);
    }
    if (*evi) {
        evidence_args.config_path = config_path;
        return evidence::run_evidence(evidence_args);
    }
    if (*ver) return evidence::run_verify(verify_target);
    if (*pur) {
        purge_args.config_path = config_path;
        return evidence::run_purge(purge_args);
    }
    if (*pl) return plan(config_path, plan_day, plan_store, plan_format, plan_share);
    if (*sim) {
        sim_args.config_path = config_path;
        sim_args.regulation = !no_regulation;
        return simulate_into_store(sim_args, sim_store);
    }
    const config::SiteConfig site = load_or_exit(config_path);

    if (*take) {
        const config::Service* s = find_service(site, service);
        const config::Device* d =
            device_for(site, device, {config::Role::dispenser, config::Role::kiosk});
        if (!d) {
            std::cerr << "aucun distributeur déclaré dans " << config_path << "\n";
            return 2;
        }
        return send(site, broker, *d, protocol::TicketTake{s ? s->id : service, priority, "fr"});
    }
    if (*counter) {
        const config::Device* d = device_for(site, "", {config::Role::counter}, counter_id);
        if (!d) {
            std::cerr << "aucun poste déclaré pour le guichet " << counter_id << "\n";
            return 2;
        }
        const std::string& verb = action[0];
        const std::string arg = action.size() > 1 ? action[1] : "";
        protocol::Operation op;
        if (verb == "next")
            op = protocol::CallNext{};
        else if (verb == "recall")
            op = protocol::CallRecall{};
        else if (verb == "start")
            op = protocol::TicketStart{};
        else if (verb == "finish")
            op = protocol::TicketFinish{};
        else if (verb == "no-show")
            op = protocol::TicketNoShow{};
        else if (verb == "open")
            op = protocol::CounterOpen{};
        else if (verb == "pause")
            op = protocol::CounterPause{};
        else if (verb == "close")
            op = protocol::CounterClose{};
        else if (verb == "call" && !arg.empty())
            op = protocol::CallNumber{arg};
        else if (verb == "transfer" && !arg.empty()) {
            const config::Service* s = find_service(site, arg);
            op = protocol::TicketTransfer{
                s ? s->id : arg, front ? protocol::Position::front : protocol::Position::back};
        } else {
            std::cerr << "action inconnue : " << verb << " (voir --help)\n";
            return 2;
        }
        return send(site, broker, *d, std::move(op));
    }
    if (*st) return status(site, broker);
    if (*mq) return write_broker_config(site, out, port, user);
    return 0;
}
