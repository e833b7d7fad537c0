#include "controller/daemon/controller_daemon.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>

#include <unistd.h>

#include "controller/config/site_time.h"
#include "controller/daemon/daily_reports.h"
#include "controller/daemon/site_alerts.h"
#include "controller/daemon/site_controller.h"
#include "controller/store/event_store.h"
#include "protocol/codec.h"
#include "protocol/mqtt_link.h"
#include "protocol/topics.h"

namespace guichet::daemon {

namespace {

// Messages handed over from the link's consumer thread to the worker.
class Inbox {
  public:
    void push(protocol::Message m) {
        {
            std::lock_guard lock(mutex_);
            messages_.push_back(std::move(m));
        }
        ready_.notify_one();
    }
    void wake() { ready_.notify_one(); }
    // Waits up to `timeout` for at least one message, then takes up to `max`.
    std::vector<protocol::Message> take(std::size_t max, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        ready_.wait_for(lock, timeout, [&] { return !messages_.empty(); });
        std::vector<protocol::Message> out;
        while (!messages_.empty() && out.size() < max) {
            out.push_back(std::move(messages_.front()));
            messages_.pop_front();
        }
        return out;
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<protocol::Message> messages_;
};

}  // namespace

void run_controller(const config::SiteConfig& site, const SiteClock& clock,
                    const DaemonOptions& options, const std::atomic<bool>& stop) {
    const date::time_zone* zone = config::find_zone(site.timezone);
    const protocol::Topics topics(site.id);
    store::EventStore store(site.store_path);
    SiteController controller(site, zone);
    SiteAlerts alerts(site, zone);
    controller.restore(store, [&](const store::StoredRecord& r) { alerts.restore(r); });
    spdlog::info("log {} replayed: {} records", site.store_path, store.last_seq());
    // Each closed day's reports, on a thread and a store connection of their own.
    const DailyReportWriter day_reports(site, [&clock] { return clock.now(); });

    Inbox inbox;
    std::atomic<bool> republish_all{true};
    protocol::LinkOptions link_options;
    link_options.server_uri = site.broker.url;
    link_options.client_id = "guichet-controller-" + site.id;
    link_options.username = site.broker.username;
    link_options.password = site.broker.password;
    link_options.status_topic = topics.controller_status();
    link_options.online_payload = protocol::encode_controller_status({"online", options.version});
    link_options.will_payload = protocol::encode_controller_status({"offline", options.version});
    link_options.offline_payload = link_options.will_payload;
    link_options.subscriptions = {topics.all_device_requests(), topics.all_device_status(),
                                  topics.all_device_telemetry()};
    protocol::MqttLink link(
        link_options, [&](const protocol::Message& m) { inbox.push(m); },
        [&](bool connected) {
            if (connected) {
                republish_all = true;
                inbox.wake();
                spdlog::info("connected to {}", site.broker.url);
            } else {
                spdlog::warn("lost the broker {}; reconnecting", site.broker.url);
            }
        });
    link.start();

    // Alerts: logged durably, then published (event/alert).
    auto last_alerts = std::chrono::steady_clock::now();
    bool alerts_due = false;  // a device's health changed
    auto check_alerts = [&](const protocol::BoardState& board, engine::Time now) {
        SiteAlerts::Output out = alerts.evaluate(
            controller.engine(),
            {board, controller.occupancy(now), controller.counters_needed(now)}, now);
        if (out.entry) store.append({*out.entry});
        for (const protocol::Alert& a : out.messages)
            link.publish(topics.alert_event(), protocol::encode_alert(a), false);
        last_alerts = std::chrono::steady_clock::now();
        alerts_due = false;
    };

    std::uint64_t board_seq = 0;
    auto publish_board = [&](engine::Time now) {
        protocol::BoardState board = controller.board(now);
        check_alerts(board, now);
        // Increasing across restarts: milliseconds of the wall clock, never repeated.
        const auto ms =
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
        board_seq = std::max(board_seq + 1, ms);
        board.seq = board_seq;
        link.publish(topics.board(), protocol::encode_board(board), true);
    };
    auto publish_counter = [&](const std::string& counter, engine::Time now) {
        protocol::CounterView view = controller.counter_view(counter, now);
        view.seq = board_seq;
        link.publish(topics.counter_state(counter), protocol::encode_counter_view(view), true);
    };
    auto publish_everything = [&](engine::Time now) {
        publish_board(now);
        for (const config::Counter& c : site.counters) publish_counter(c.id, now);
    };

    auto last_refresh = std::chrono::steady_clock::now();
    auto last_board = last_refresh;
    bool board_dirty = false;
    int commits = 0;  // batches made durable (for the test-only fault)
    while (!stop) {
        std::vector<protocol::Message> messages =
            inbox.take(options.max_batch, std::chrono::milliseconds(board_dirty ? 50 : 200));
        const engine::Time now = clock.now();

        struct Pending {
            const protocol::Message* message;
            std::string device;
            Handled handled;
        };
        std::vector<Pending> pending;
        std::vector<store::Entry> batch;
        for (const protocol::Message& m : messages) {
            auto dt = topics.parse_device_topic(m.topic);
            if (dt && alerts.device_message(*dt, m.payload)) alerts_due = true;
            if (!dt || dt->kind != protocol::DeviceTopicKind::req) continue;
            Handled h = controller.handle(dt->device, m.payload, now,
                                          [&](const std::string& device, const std::string& id) {
                                              return store.reply_for(device, id);
                                          });
            if (h.entry) batch.push_back(*h.entry);
            pending.push_back({&m, dt->device, std::move(h)});
        }
        store.append(batch);  // throws on failure: nothing below is sent
        if (!batch.empty() && options.exit_after_commits > 0 &&
            ++commits == options.exit_after_commits)
            _exit(kFaultExit);  // test-only fault: durable, not answered
        controller.batch_committed();

        std::set<std::string> counters;
        bool changed = false;
        std::vector<protocol::Message> outgoing;
        for (const Pending& p : pending) {
            outgoing.push_back(protocol::MqttLink::reply_message(
                *p.message, topics.device_rsp(p.device), p.handled.reply));
            for (const protocol::CallEvent& call : p.handled.calls)
                outgoing.push_back(
                    {topics.call_event(), protocol::encode_call(call), false, {}, {}});
            changed = changed || p.handled.state_changed;
            counters.insert(p.handled.counters_changed.begin(), p.handled.counters_changed.end());
        }
        link.publish_all(outgoing);

        const auto steady_now = std::chrono::steady_clock::now();
        board_dirty = board_dirty || changed;
        if (republish_all.exchange(false) || steady_now - last_refresh >= options.refresh) {
            publish_everything(now);
            last_refresh = last_board = steady_now;
            board_dirty = false;
        } else {
            for (const std::string& c : counters) publish_counter(c, now);
            if (board_dirty && steady_now - last_board >= options.board_every) {
                publish_board(now);
                last_board = steady_now;
                board_dirty = false;
            }
        }
        // Time-based alerts fire without requests; device health at once.
        if (alerts_due || steady_now - last_alerts >= options.alerts_every)
            check_alerts(controller.board(now), now);
    }
    link.stop();
    spdlog::info("stopped");
}

}  // namespace guichet::daemon
