// Button press -> last byte of the ticket accepted over USB, p50/p99.
//
// The printer is the umockdev fake (the real libusb backend, usbdevfs ioctls
// answered in-process), so the figure covers: printer status (DLE EOT 1/2/4
// round trips), ticket.take, layout and encoding, chunked bulk writes.
//   printer_bench local      : the controller is an in-process stub (no MQTT)
//   printer_bench controller [N] [URI] : the real guichet-controller over a
//                              private mosquitto (or the broker at URI)
// Run under the build's umockdev preload (linked in): see docs/printer.md.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "printer-driver/dispenser/dispenser_core.h"
#include "protocol/device_client.h"
#include "tests/printer/fake_usb_printer.h"
#include "tests/printer/printer_test_support.h"
#include "tests/support/broker.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

// Notes the moment the whole ticket has been accepted by the printer.
class TimedPrinter : public printer::TicketPrinter {
  public:
    explicit TimedPrinter(printer::TicketPrinter& inner) : inner_(inner) {}
    void print(const std::string& bytes) override {
        const auto start = Clock::now();
        inner_.print(bytes);
        done = Clock::now();
        print_time = done - start;
    }
    std::optional<escpos::PrinterStatus> status() override {
        const auto start = Clock::now();
        auto s = inner_.status();
        status_time = Clock::now() - start;
        return s;
    }
    Clock::time_point done;
    Clock::duration status_time{};
    Clock::duration print_time{};

  private:
    printer::TicketPrinter& inner_;
};

class StubController : public printer::Controller {
  public:
    std::string next_id() override { return "bench-" + std::to_string(++n_); }
    std::optional<protocol::Reply> request(const protocol::Request& request) override {
        protocol::Reply r;
        r.id = request.id;
        if (std::holds_alternative<protocol::TicketTake>(request.op)) {
            protocol::TicketView t;
            t.number = "A" + std::string(n_ < 100 ? "0" : "") + std::string(n_ < 10 ? "0" : "") +
                       std::to_string(n_ % 1000);
            t.service = "etat-civil";
            t.issued_at = "2026-11-23T10:42:05+01:00";
            t.ahead = n_ / 2;
            t.estimated_wait_s = 300 * (n_ / 2);
            r.ticket = t;
        }
        return r;
    }

  private:
    int n_ = 0;
};

class ClientController : public printer::Controller {
  public:
    explicit ClientController(protocol::DeviceClient& c) : c_(c) {}
    std::string next_id() override { return c_.next_id(); }
    std::optional<protocol::Reply> request(const protocol::Request& r) override {
        return c_.request(r);
    }

  private:
    protocol::DeviceClient& c_;
};

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

struct Samples {
    std::vector<double> total, status, take, print;
};

void report(const char* mode, const Samples& s, int refused, std::size_t bytes, int speed_mm_s,
            double ticket_mm) {
    std::printf("%s: %zu tickets (%d refused), %zu bytes each\n", mode, s.total.size(), refused,
                bytes);
    std::printf("  press -> last byte accepted: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                percentile(s.total, 0.5), percentile(s.total, 0.99), percentile(s.total, 1.0));
    std::printf("    printer status (DLE EOT 1/2/4): p50 %.2f ms, p99 %.2f ms\n",
                percentile(s.status, 0.5), percentile(s.status, 0.99));
    std::printf("    ticket.take round trip:         p50 %.2f ms, p99 %.2f ms\n",
                percentile(s.take, 0.5), percentile(s.take, 0.99));
    std::printf("    layout + USB write:             p50 %.2f ms, p99 %.2f ms\n",
                percentile(s.print, 0.5), percentile(s.print, 0.99));
    std::printf("  paper at %d mm/s for a %.0f mm ticket: %.0f ms (the physical floor)\n",
                speed_mm_s, ticket_mm, 1000.0 * ticket_mm / speed_mm_s);
}

int run(const std::string& mode, int count, const std::string& broker_uri) {
    printer::test::usb_testbed();
    const auto profile = printer::test::profile("epson-tm-t20iii");
    printer::test::FakeUsbPrinter fake({0x04b8, 0x0e28, 7, 0x01, 0x82, "", 2});
    auto usb = printer::make_ticket_printer("usb", profile);
    TimedPrinter timed(*usb);

    printer::DispenserSettings settings;
    settings.profile = profile;
    settings.site_name = "Mairie du 11e arrondissement";
    settings.footer_lines = printer::test::sample_ticket().footer_lines;
    settings.qr = "https://www.paris.fr/qualiparis";
    settings.services = {{"etat-civil", "État civil", "Civil status"},
                         {"affaires-generales", "Affaires générales", "General affairs"},
                         {"elections", "Élections", "Elections"},
                         {"titres", "Titres d'identité", "ID cards and passports"}};

    Samples samples;
    int refused = 0;
    const auto press_all = [&](printer::DispenserCore& core) {
        for (int i = 0; i < count; ++i) {
            const auto& service = settings.services[static_cast<std::size_t>(i) % 4].service;
            const auto start = Clock::now();
            const auto result = core.take_ticket(service, "fr");
            if (result.outcome == printer::TakeOutcome::printed) {
                const auto total = timed.done - start;
                samples.total.push_back(ms(total));
                samples.status.push_back(ms(timed.status_time));
                samples.print.push_back(ms(timed.print_time));
                samples.take.push_back(ms(total - timed.status_time - timed.print_time));
            } else {
                ++refused;
            }
        }
    };

    if (mode == "local") {
        StubController stub;
        printer::DispenserCore core(settings, stub, timed);
        press_all(core);
    } else {
        std::optional<test::Broker> own_broker;
        if (broker_uri.empty()) own_broker.emplace();
        const std::string uri = broker_uri.empty() ? own_broker->uri() : broker_uri;
        test::TempDir dir("bench");
        std::string site =
            test::read_file(std::string(GUICHET_SOURCE_DIR) + "/hardware/sites/mairie-11.toml");
        const auto replace = [&](const std::string& from, const std::string& to) {
            site.replace(site.find(from), from.size(), to);
        };
        replace("tcp://127.0.0.1:1883", uri);
        replace("capacity = 80", "capacity = 100000");
        replace("\"mairie-11.db\"", "\"" + (dir / "site.db").string() + "\"");
        test::write_file(dir / "site.toml", site);
        const std::string controller_bin =
            std::string(GUICHET_BINARY_DIR) + "/controller/daemon/guichet-controller";
        const pid_t pid = fork();
        if (pid == 0) {
            const std::string config = (dir / "site.toml").string();
            std::freopen((dir / "controller.log").c_str(), "w", stderr);
            execl(controller_bin.c_str(), controller_bin.c_str(), "--config", config.c_str(),
                  "--start", "2026-11-23T08:30", nullptr);
            _exit(127);
        }
        {
            protocol::DeviceClientOptions o;
            o.server_uri = uri;
            o.site = "mairie-11";
            o.device = "borne-entree";
            o.password = "borne-entree-secret";
            o.role = "dispenser";
            protocol::DeviceClient client(o);
            client.start();
            client.wait_connected(std::chrono::seconds(10));
            ClientController controller(client);
            printer::DispenserCore core(settings, controller, timed);
            // The first request waits for the controller to come up.
            core.take_ticket("etat-civil", "fr");
            press_all(core);
        }
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
    }
    if (samples.total.empty()) {
        std::fprintf(stderr, "no ticket printed\n");
        return 1;
    }
    const auto ticket = printer::render_ticket(printer::test::sample_ticket(), profile);
    report(mode.c_str(), samples, refused, ticket.size(), profile.speed_mm_s, 110.0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "local";
    const int count = argc > 2 ? std::atoi(argv[2]) : 200;
    const std::string broker = argc > 3 ? argv[3] : "";
    if ((mode != "local" && mode != "controller") || count < 1) {
        std::fprintf(stderr, "usage: printer_bench [local|controller] [presses] [broker-uri]\n");
        return 2;
    }
    return run(mode, count, broker);
}
