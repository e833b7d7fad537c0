// Controller round trips and throughput over a real mosquitto on loopback,
// with durable commits, beside the floors measured in the same run: a bare
// broker echo round trip and one durable SQLite commit.
//
//   build/bench/controller_bench            (prints the figures for docs/benchmarks.md)
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "controller/store/event_store.h"
#include "protocol/device_client.h"
#include "tests/support/test_site.h"

using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double p50_ms, p99_ms;
};

Figures percentiles(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
    return {at(0.50), at(0.99)};
}

double since_ms(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A publisher and an echo client: topic ping -> echo -> pong, one message in flight.
Figures broker_echo(const std::string& uri, int rounds) {
    std::mutex mutex;
    std::condition_variable cv;
    bool got = false;
    protocol::LinkOptions eo;
    eo.server_uri = uri;
    eo.client_id = "bench-echo";
    eo.username = "controller";
    eo.password = "controller-pw";
    eo.subscriptions = {"guichet/v1/test-site/bench/ping"};
    protocol::MqttLink* echo_ptr = nullptr;
    protocol::MqttLink echo(eo, [&](const protocol::Message& m) {
        echo_ptr->publish("guichet/v1/test-site/bench/pong", m.payload);
    });
    echo_ptr = &echo;
    protocol::LinkOptions po = eo;
    po.client_id = "bench-ping";
    po.subscriptions = {"guichet/v1/test-site/bench/pong"};
    protocol::MqttLink ping(po, [&](const protocol::Message&) {
        std::lock_guard lock(mutex);
        got = true;
        cv.notify_all();
    });
    echo.start();
    ping.start();
    echo.wait_connected(std::chrono::seconds(5));
    ping.wait_connected(std::chrono::seconds(5));
    std::vector<double> ms;
    // Until both subscriptions are in place a ping may go unanswered: warm up, then measure.
    for (int i = -20; i < rounds; ++i) {
        std::unique_lock lock(mutex);
        got = false;
        const auto start = Clock::now();
        lock.unlock();
        ping.publish("guichet/v1/test-site/bench/ping", R"({"id":"x","op":"ticket.take"})");
        lock.lock();
        if (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return got; })) {
            i = std::min(i, -1);
            continue;
        }
        if (i >= 0) ms.push_back(since_ms(start));
    }
    return percentiles(ms);
}

Figures durable_commit(const std::string& path, int rounds) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("CREATE TABLE t(x TEXT)");
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const auto start = Clock::now();
        db.exec(
            "INSERT INTO t VALUES('a ticket-sized row of about one hundred bytes of json......')");
        ms.push_back(since_ms(start));
    }
    return percentiles(ms);
}

Figures round_trips(protocol::DeviceClient& device, int rounds,
                    const std::function<protocol::Operation(int)>& op) {
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const auto start = Clock::now();
        auto reply = device.request({device.next_id(), op(i)});
        ms.push_back(since_ms(start));
        if (!reply || !reply->ok) {
            std::fprintf(stderr, "request %d failed: %s\n", i, reply && reply->error ? reply->error->message.c_str() : "no reply");
            std::exit(1);
        }
    }
    return percentiles(ms);
}

long rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

std::string bench_devices_and_services(int devices, int services) {
    std::string toml;
    for (int i = 0; i < services; ++i) {
        const char prefix = static_cast<char>('E' + i);
        toml += "[[service]]\nid = \"bench-" + std::to_string(i) + "\"\nprefix = \"" + prefix +
                "\"\nlabel = \"Bench " + std::to_string(i) + "\"\n\n";
    }
    for (int i = 0; i < devices; ++i)
        toml += "[[device]]\nid = \"bench-" + std::to_string(i) +
                "\"\nrole = \"dispenser\"\npassword = \"pw" + std::to_string(i) + "\"\n\n";
    return toml;
}

}  // namespace

int main() {
    constexpr int kDevices = 50, kServices = 20, kRounds = 2000;
    test::TestSite site(bench_devices_and_services(kDevices, kServices));
    site.start_controller();

    const Figures echo = broker_echo(site.broker().uri(), kRounds);
    test::TempDir tmp;
    const Figures fsync = durable_commit((tmp / "floor.db").string(), kRounds);

    protocol::DeviceClient dispenser(site.device("borne-1"));
    protocol::DeviceClient counter(site.device("poste-1"));
    dispenser.start();
    counter.start();
    dispenser.wait_connected(std::chrono::seconds(5));
    counter.wait_connected(std::chrono::seconds(5));
    counter.request({counter.next_id(), protocol::CounterOpen{}});
    // A full day: 2,000 tickets over four services (at most 999 live numbers per service).
    const Figures take = round_trips(dispenser, kRounds, [](int i) {
        static const char* services[] = {"etat-civil", "titres", "bench-0", "bench-1"};
        return protocol::TicketTake{services[i % 4], false, "fr"};
    });
    const long rss_full_day = rss_kib(site.controller_pid());
    // Counter 1 serves etat-civil and titres: half of the day's tickets.
    const Figures next =
        round_trips(counter, kRounds / 2, [](int) { return protocol::CallNext{}; });

    // 50 devices at once, each sending its next request as soon as the last is answered.
    // Sustained means connected: the clock starts once every device is connected, so
    // the seconds Paho takes to open 50 sessions are not counted as serving time.
    std::atomic<int> answered{0}, failed{0};
    std::vector<std::thread> threads;
    std::latch connected(kDevices + 1);
    constexpr int kPerDevice = 100;
    for (int d = 0; d < kDevices; ++d) {
        threads.emplace_back([&, d] {
            protocol::DeviceClient device(site.device("bench-" + std::to_string(d)));
            device.start();
            device.wait_connected(std::chrono::seconds(30));
            connected.arrive_and_wait();
            for (int i = 0; i < kPerDevice; ++i) {
                auto r = device.request(
                    {device.next_id(),
                     protocol::TicketTake{"bench-" + std::to_string(d % kServices), false, "fr"}});
                (r && r->ok ? answered : failed)++;
            }
        });
    }
    connected.arrive_and_wait();
    const auto start = Clock::now();
    for (auto& t : threads) t.join();
    const double seconds = since_ms(start) / 1000.0;
    site.stop_controller();

    store::EventStore store(site.store_path());
    long issued = 0;
    store.replay([&](const store::StoredRecord& r) { issued += r.type == "ticket.issued"; });

    std::printf("bare broker echo round trip     p50 %.3f ms   p99 %.3f ms\n", echo.p50_ms,
                echo.p99_ms);
    std::printf("durable SQLite commit (floor)   p50 %.3f ms   p99 %.3f ms\n", fsync.p50_ms,
                fsync.p99_ms);
    std::printf(
        "ticket.take round trip          p50 %.3f ms   p99 %.3f ms   p50 / (echo + fsync) = %.2f\n",
        take.p50_ms, take.p99_ms, take.p50_ms / (echo.p50_ms + fsync.p50_ms));
    std::printf(
        "call.next round trip            p50 %.3f ms   p99 %.3f ms   p50 / (echo + fsync) = %.2f\n",
        next.p50_ms, next.p99_ms, next.p50_ms / (echo.p50_ms + fsync.p50_ms));
    std::printf(
        "50 devices concurrently         %d answered, %d failed in %.2f s = %.0f ticket.take/s\n",
        answered.load(), failed.load(), seconds, answered / seconds);
    std::printf("nothing lost                    %ld tickets issued in the log, %d acknowledged\n",
                issued, answered.load() + kRounds);
    std::printf("controller RSS, %d tickets      %.1f MB\n", kRounds, rss_full_day / 1024.0);
    return issued == answered + kRounds && failed == 0 ? 0 : 1;
}
