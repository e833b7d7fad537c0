// guichet-dispenser: the ticket dispenser daemon (buttons -> ticket -> paper).
//
// guichet-dispenser --config dispenser.toml [--printer usb|file:PATH|virtual:DIR]
//
// Buttons come from an evdev keyboard device or from stdin lines (demo and
// tests: one line per press, a button's `line` or a service id, optionally
// followed by "fr"/"en"). Each press prints one line on stdout saying what the
// visitor got. The printer is checked every status_every_s and after each
// ticket; its telemetry is published retained on dev/<id>/telemetry when it
// changes.
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>

#include "printer-driver/dispenser/device_client_controller.h"
#include "printer-driver/dispenser/dispenser_config.h"
#include "printer-driver/dispenser/dispenser_core.h"
#include "printer-driver/dispenser/telemetry.h"
#include "protocol/codec.h"
#include "protocol/device_client.h"

namespace {

using namespace guichet;

std::atomic<bool> g_stop{false};

void on_signal(int) {
    g_stop = true;
}

void press(printer::DispenserCore& core, const printer::ButtonConfig& button,
           const std::string& lang) {
    const auto result = core.take_ticket(button.service, lang, button.priority);
    static constexpr const char* kOutcome[] = {"printed", "printer_not_ready", "refused",
                                               "no_reply", "print_failed"};
    std::cout << kOutcome[static_cast<int>(result.outcome)];
    if (result.ticket) std::cout << " " << result.ticket->number;
    if (result.error_code) std::cout << " " << *result.error_code;
    std::cout << " | " << (lang == "en" ? result.english : result.french) << std::endl;
}

const printer::ButtonConfig* find_button(const printer::DispenserConfig& config,
                                         const std::string& word) {
    for (const auto& b : config.buttons) {
        if (b.line == word || b.service == word) return &b;
    }
    return nullptr;
}

// Lines from stdin; polls so that SIGTERM stops the daemon even while no
// line comes (a blocked read would be restarted after the signal).
void read_stdin(const printer::DispenserConfig& config, printer::DispenserCore& core,
                printer::PrinterWatch& telemetry) {
    std::string pending;
    char buffer[256];
    while (!g_stop) {
        pollfd p{0, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        const ssize_t n = read(0, buffer, sizeof buffer);
        if (n <= 0) return;  // end of input
        pending.append(buffer, static_cast<std::size_t>(n));
        for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
            std::istringstream words(pending.substr(0, end));
            pending.erase(0, end + 1);
            std::string word, lang;
            words >> word >> lang;
            if (word.empty()) continue;
            const auto* button = find_button(config, word);
            if (button == nullptr) {
                std::cout << "unknown_button " << word << std::endl;
                continue;
            }
            press(core, *button, lang == "en" || lang == "fr" ? lang : button->lang);
            telemetry.publish_now();
        }
    }
}

void read_evdev(const std::string& path, const printer::DispenserConfig& config,
                printer::DispenserCore& core, printer::PrinterWatch& telemetry) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    while (!g_stop) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        input_event event{};
        if (read(fd, &event, sizeof event) != static_cast<ssize_t>(sizeof event)) break;
        if (event.type != EV_KEY || event.value != 1) continue;  // presses only, no repeats
        for (const auto& b : config.buttons) {
            if (b.key_code && *b.key_code == event.code) {
                press(core, b, b.lang);
                telemetry.publish_now();
            }
        }
    }
    close(fd);
}

int run(int argc, char** argv) {
    CLI::App app{"guichet-dispenser: prints visitors' tickets"};
    std::string config_path;
    std::string printer_spec;
    app.add_option("--config", config_path, "dispenser.toml")->required();
    app.add_option("--printer", printer_spec,
                   "usb, file:PATH or virtual:DIR (overrides the config)");
    CLI11_PARSE(app, argc, argv);

    const auto config = printer::load_dispenser_config(config_path);
    printer::DispenserSettings settings;
    try {
        settings = printer::printing_settings(config.profiles_dir, config.profile, config.site_name,
                                              config.footer, config.qr, config.logo);
    } catch (const printer::ConfigError& e) {
        std::cerr << config_path << ": " << e.what() << "\n";
        return 2;
    }
    auto ticket_printer = printer::make_ticket_printer(
        printer_spec.empty() ? config.printer : printer_spec, settings.profile);
    for (const auto& b : config.buttons) settings.services.push_back({b.service, b.fr, b.en});

    protocol::DeviceClientOptions options;
    options.server_uri = config.broker;
    options.site = config.site;
    options.device = config.device;
    options.password = config.password;
    options.role = "dispenser";
    printer::TelemetryPublisher* publisher_for_link = nullptr;
    std::mutex link_mutex;
    protocol::DeviceClient client(options, {}, [&](bool connected) {
        std::lock_guard lock(link_mutex);
        if (publisher_for_link) publisher_for_link->on_connection(connected);
    });
    printer::TelemetryPublisher publisher(client, config.device);
    {
        std::lock_guard lock(link_mutex);
        publisher_for_link = &publisher;
    }

    printer::DeviceClientController controller(client);
    printer::DispenserCore core(settings, controller, *ticket_printer);
    client.start();

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    printer::PrinterWatch telemetry(publisher, core, std::chrono::seconds(config.status_every_s));
    client.wait_connected(std::chrono::seconds(5));

    if (config.input == "stdin") {
        read_stdin(config, core, telemetry);
    } else {
        read_evdev(config.input.substr(6), config, core, telemetry);
    }
    std::lock_guard lock(link_mutex);
    publisher_for_link = nullptr;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "guichet-dispenser: " << e.what() << "\n";
        return 1;
    }
}
