// guichet-dispenser with the real guichet-controller over a private mosquitto.
// The dispenser runs as its own process (stdin buttons, file/virtual
// printers); the paper-out case runs the dispenser core in this process
// against the umockdev fake USB printer.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>

#include "controller/daemon/controller_daemon.h"
#include "printer-driver/dispenser/dispenser_core.h"
#include "printer-driver/dispenser/telemetry.h"
#include "printer-driver/escpos/decoder.h"
#include "protocol/codec.h"
#include "protocol/device_client.h"
#include "protocol/mqtt_link.h"
#include "tests/printer/fake_usb_printer.h"
#include "tests/printer/printer_test_support.h"
#include "tests/support/alert_watch.h"
#include "tests/support/broker.h"
#include "tests/support/temp_dir.h"

using namespace guichet;

namespace {

const std::string kBin = GUICHET_BINARY_DIR;
const std::string kSrc = GUICHET_SOURCE_DIR;

// A child process with its stdin and stdout piped to us; killed on destruction.
class Child {
  public:
    // `env`: "NAME=value" entries added to this process's environment for the child.
    Child(std::vector<std::string> argv, const std::string& log,
          std::vector<std::string> env = {}) {
        for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        int in[2], out[2];
        REQUIRE(pipe2(in, O_CLOEXEC) == 0);  // the child keeps only its dup2 copies
        REQUIRE(pipe2(out, O_CLOEXEC) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(in[0], 0);
            dup2(out[1], 1);
            const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            dup2(err, 2);
            execve(args[0], args.data(), envp.data());
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        stdin_ = in[1];
        stdout_ = out[0];
    }
    ~Child() {
        close(stdin_);
        close(stdout_);
        if (pid_ < 0) return;
        kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (waitpid(pid_, nullptr, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, nullptr, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    // SIGKILL: its connections drop without a goodbye (the broker fires its will).
    void kill_now() {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    // Its exit status once it has exited by itself (-1 if it has not within 30 s, or died of a
    // signal).
    int wait_exit() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        int status = 0;
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) return -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    void send(const std::string& line) {
        const std::string l = line + "\n";
        REQUIRE(write(stdin_, l.data(), l.size()) == static_cast<ssize_t>(l.size()));
    }
    // One line of output; "<no answer>" if none comes within 30 s.
    std::string read_line() {
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{stdout_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            char c;
            if (read(stdout_, &c, 1) != 1) break;
            if (c == '\n') return line;
            line += c;
        }
        return "<no answer>";
    }

  private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int stdout_ = -1;
};

// The site of hardware/sites/ on the test broker, with its own event log.
std::string site_config(const test::Broker& broker, const test::TempDir& dir) {
    std::string site = test::read_file(kSrc + "/hardware/sites/mairie-11.toml");
    const auto replace = [&](const std::string& from, const std::string& to) {
        site.replace(site.find(from), from.size(), to);
    };
    replace("tcp://127.0.0.1:1883", broker.uri());
    replace("\"mairie-11.db\"", "\"" + (dir / "site.db").string() + "\"");
    const auto path = dir / "site.toml";
    test::write_file(path, site);
    return path.string();
}

std::string dispenser_config(const test::Broker& broker, const test::TempDir& dir) {
    std::string c = test::read_file(kSrc + "/printer-driver/dispenser/dispenser.example.toml");
    const auto replace = [&](const std::string& from, const std::string& to) {
        c.replace(c.find(from), from.size(), to);
    };
    replace("tcp://127.0.0.1:1883", broker.uri());
    replace("change-me", "borne-entree-secret");
    replace("../../hardware/profiles", kSrc + "/hardware/profiles");
    const auto path = dir / "dispenser.toml";
    test::write_file(path, c);
    return path.string();
}

// Watches one topic (retained state or events) on the test broker.
class Watch {
  public:
    Watch(const test::Broker& broker, const std::string& topic)
        : link_(protocol::LinkOptions{broker.uri(),
                                      "watch-" + std::to_string(++count_),
                                      "",
                                      "",
                                      "",
                                      "",
                                      "",
                                      "",
                                      {topic}},
                [this](const protocol::Message& m) {
                    std::lock_guard lock(mutex_);
                    last_ = m.payload;
                    changed_.notify_all();
                }) {
        link_.start();
    }

    // True once the latest payload satisfies `ok` (bounded wait).
    bool wait_for(const std::function<bool(const std::string&)>& ok) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(20), [&] { return ok(last_); });
    }

    // The board shows `waiting` visitors for `service`.
    bool wait_waiting(const std::string& service, int waiting) {
        return wait_for([&](const std::string& payload) {
            const auto board = protocol::decode_board(payload);
            const auto* b = std::get_if<protocol::BoardState>(&board);
            if (b == nullptr) return false;
            for (const auto& s : b->services) {
                if (s.id == service) return s.waiting == waiting;
            }
            return false;
        });
    }

  private:
    static inline int count_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string last_;
    protocol::MqttLink link_;
};

const protocol::Topics kTopics("mairie-11");

struct Site {
    explicit Site(std::vector<std::string> controller_env = {}) {
        start_controller(std::move(controller_env));
    }
    void start_controller(std::vector<std::string> env = {}) {
        controller.emplace(
            std::vector<std::string>{kBin + "/controller/daemon/guichet-controller", "--config",
                                     site_config(broker, dir), "--start", "2026-11-23T10:40"},
            log("controller-" + std::to_string(++starts)), std::move(env));
    }
    std::string store() const { return (dir / "site.db").string(); }
    // guichet-dispenser printing to the file `printer`, with its log `name`.log in the site's dir.
    std::vector<std::string> dispenser(const std::filesystem::path& printer) const {
        return {kBin + "/printer-driver/guichet-dispenser", "--config",
                dispenser_config(broker, dir), "--printer", "file:" + printer.string()};
    }
    std::string log(const std::string& name) const { return (dir / (name + ".log")).string(); }
    test::Broker broker;
    test::TempDir dir{"dispenser-it"};
    int starts = 0;
    std::optional<Child> controller;
};

}  // namespace

TEST_CASE("A button press prints the ticket whose number the controller issued") {
    printer::test::usb_testbed();  // one per process, before any thread
    Site site;
    Watch board(site.broker, kTopics.board());
    const auto out = site.dir / "printer.bin";
    Child dispenser(site.dispenser(out), site.log("dispenser"));
    dispenser.send("1");
    CHECK(dispenser.read_line() == "printed A001 | Votre ticket : A001");
    dispenser.send("3");  // the English button
    CHECK(dispenser.read_line() == "printed A002 | Your ticket: A002");
    CHECK(board.wait_waiting("etat-civil", 2));

    const auto text = escpos::decode(test::read_file(out)).text();
    CHECK(text.find("A001\n") != std::string::npos);
    CHECK(text.find("Personne avant vous") != std::string::npos);
    CHECK(text.find("A002\n") != std::string::npos);
    CHECK(text.find("1 person ahead of you") != std::string::npos);
}

TEST_CASE(
    "A press while the controller restarts gets its ticket once the controller is back, printed "
    "once") {
    printer::test::usb_testbed();
    Site site;
    Watch board(site.broker, kTopics.board());
    const auto out = site.dir / "printer.bin";
    Child dispenser(site.dispenser(out), site.log("dispenser"));
    site.controller.reset();  // stopped: the request waits, retried with the same id
    dispenser.send("1");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // at least one retry
    site.start_controller();
    CHECK(dispenser.read_line() == "printed A001 | Votre ticket : A001");
    CHECK(board.wait_waiting("etat-civil", 1));
    dispenser.send("1");
    CHECK(dispenser.read_line() == "printed A002 | Votre ticket : A002");
    const auto text = escpos::decode(test::read_file(out)).text();
    CHECK(text.find("A001") == text.rfind("A001"));  // on paper once
}

TEST_CASE("A ticket that fails to print is cancelled and the visitor is sent to reception") {
    printer::test::usb_testbed();
    Site site;
    Watch board(site.broker, kTopics.board());
    Child dispenser(site.dispenser(site.dir / "no-such-folder" / "printer.bin"),
                    site.log("dispenser"));
    dispenser.send("2");
    CHECK(dispenser.read_line() ==
          "print_failed D001 | Le ticket n'a pas pu être imprimé : adressez-vous à l'accueil.");
    CHECK(board.wait_waiting("titres", 0));  // issued, then cancelled
}

TEST_CASE(
    "Out of paper the dispenser says so in telemetry and refuses without consuming a number") {
    printer::test::usb_testbed();  // before any thread
    printer::test::FakeUsbPrinter fake({0x04b8, 0x0e28, 7, 0x01, 0x82, "", 2});
    fake.set_status(0x12, 0x32, 0x72);  // paper end
    Site site;
    Watch board(site.broker, kTopics.board());

    protocol::DeviceClientOptions o;
    o.server_uri = site.broker.uri();
    o.site = "mairie-11";
    o.device = "borne-entree";
    o.password = "borne-entree-secret";
    o.role = "dispenser";
    protocol::DeviceClient client(o);
    client.start();
    REQUIRE(client.wait_connected(std::chrono::seconds(10)));
    struct Link : printer::Controller {
        protocol::DeviceClient& c;
        explicit Link(protocol::DeviceClient& client) : c(client) {}
        std::string next_id() override { return c.next_id(); }
        std::optional<protocol::Reply> request(const protocol::Request& r) override {
            return c.request(r);
        }
    } controller(client);
    const auto profile = printer::test::profile("epson-tm-t20iii");
    auto usb = printer::make_ticket_printer("usb", profile);
    printer::DispenserSettings settings;
    settings.profile = profile;
    printer::DispenserCore core(settings, controller, *usb);

    Watch telemetry(site.broker, kTopics.device_telemetry("borne-entree"));
    test::AlertWatch alerts(site.broker.uri(), "mairie-11");
    printer::TelemetryPublisher publisher(client, "borne-entree");

    const auto refused = core.take_ticket("etat-civil", "fr");
    CHECK(refused.outcome == printer::TakeOutcome::printer_not_ready);
    CHECK(publisher.publish(core.check_printer()));
    CHECK(telemetry.wait_for([](const std::string& payload) {
        return payload == R"({"paper":"out","cover":"closed","online":true})";
    }));
    const auto alert = alerts.wait("paper:borne-entree", "raised");
    REQUIRE(alert);  // the manager is told
    CHECK(alert->level == "critical");
    CHECK(alert->message == "Le distributeur borne-entree n'a plus de papier.");
    CHECK(fake.received().find("A001") == std::string::npos);

    fake.set_status(0x12, 0x12, 0x12);  // paper loaded
    const auto printed = core.take_ticket("etat-civil", "fr");
    REQUIRE(printed.outcome == printer::TakeOutcome::printed);
    CHECK(printed.ticket->number == "A001");  // the refusal consumed no number
    CHECK(escpos::decode(fake.received()).text().find("A001") != std::string::npos);
    CHECK(board.wait_waiting("etat-civil", 1));
    CHECK(publisher.publish(core.check_printer()));
    CHECK(telemetry.wait_for([](const std::string& payload) {
        return payload.find(R"("paper":"ok")") != std::string::npos;
    }));
    CHECK(alerts.wait("paper:borne-entree", "cleared"));
    CHECK(test::logged_alerts(site.store()) ==
          std::vector<std::pair<std::string, std::string>>{
              {"alert.raised", "paper:borne-entree"}, {"alert.resolved", "paper:borne-entree"}});
}

TEST_CASE("A dispenser that dies is reported lost to the manager until it is back") {
    printer::test::usb_testbed();
    Site site;
    test::AlertWatch alerts(site.broker.uri(), "mairie-11");
    const auto out = site.dir / "printer.bin";
    std::optional<Child> dispenser(std::in_place, site.dispenser(out), site.log("dispenser"));
    dispenser->send("1");
    REQUIRE(dispenser->read_line() == "printed A001 | Votre ticket : A001");  // it is online
    dispenser->kill_now();
    const auto lost = alerts.wait("device_lost:borne-entree", "raised");
    REQUIRE(lost);
    CHECK(lost->level == "critical");
    CHECK(lost->message == "Le distributeur borne-entree ne répond plus.");

    dispenser.emplace(site.dispenser(out), site.log("dispenser-2"));  // restarted
    CHECK(alerts.wait("device_lost:borne-entree", "cleared"));
}

TEST_CASE(
    "A controller that dies between its commit and its reply gives the dispenser's retry the "
    "same ticket, printed once") {
    printer::test::usb_testbed();
    Site site({"GUICHET_FAULT=exit_after_commit:1"});
    Watch board(site.broker, kTopics.board());
    const auto out = site.dir / "printer.bin";
    Child dispenser(site.dispenser(out), site.log("dispenser"));
    dispenser.send("1");
    // A001 is in the log, its reply never left.
    REQUIRE(site.controller->wait_exit() == daemon::kFaultExit);
    CHECK(test::logged_events(site.store(), "ticket.issued", "A001") == 1);
    site.start_controller();
    CHECK(dispenser.read_line() == "printed A001 | Votre ticket : A001");  // the retry's answer
    dispenser.send("1");
    CHECK(dispenser.read_line() == "printed A002 | Votre ticket : A002");
    CHECK(board.wait_waiting("etat-civil", 2));
    const auto text = escpos::decode(test::read_file(out)).text();
    CHECK(text.find("A001") != std::string::npos);
    CHECK(text.find("A001") == text.rfind("A001"));  // on paper once
    CHECK(test::logged_events(site.store(), "ticket.issued", "A001") == 1);
    CHECK(test::logged_events(site.store(), "ticket.printed", "A001") == 1);
}
