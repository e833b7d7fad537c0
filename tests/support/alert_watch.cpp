#include "tests/support/alert_watch.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "protocol/codec.h"
#include "protocol/topics.h"

namespace guichet::test {

namespace {

protocol::LinkOptions watch_options(const std::string& uri, const std::string& site,
                                    const std::string& username, const std::string& password) {
    static std::atomic<int> count{0};
    protocol::LinkOptions o;
    o.server_uri = uri;
    o.client_id = "alert-watch-" + std::to_string(++count);
    o.username = username;
    o.password = password;
    o.subscriptions = {protocol::Topics(site).alert_event()};
    return o;
}

}  // namespace

AlertWatch::AlertWatch(const std::string& uri, const std::string& site, const std::string& username,
                       const std::string& password)
    : link_(watch_options(uri, site, username, password), [this](const protocol::Message& m) {
          auto decoded = protocol::decode_alert(m.payload);
          if (auto* alert = std::get_if<protocol::Alert>(&decoded)) {
              std::lock_guard lock(mutex_);
              alerts_.push_back(*alert);
              arrived_.notify_all();
          }
      }) {
    link_.start();
    link_.wait_connected(std::chrono::seconds(10));
}

std::optional<protocol::Alert> AlertWatch::wait(const std::string& id, const std::string& state,
                                                std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<protocol::Alert> found;
    arrived_.wait_for(lock, timeout, [&] {
        auto it = std::find_if(alerts_.begin(), alerts_.end(), [&](const protocol::Alert& a) {
            return a.id == id && a.state == state;
        });
        if (it == alerts_.end()) return false;
        found = *it;
        alerts_.erase(it);
        return true;
    });
    return found;
}

std::vector<std::pair<std::string, std::string>> logged_alerts(const std::string& store_path) {
    SQLite::Database db(store_path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT type, data FROM events WHERE type LIKE 'alert.%' ORDER BY seq");
    std::vector<std::pair<std::string, std::string>> out;
    while (q.executeStep())
        out.emplace_back(q.getColumn(0).getString(),
                         nlohmann::json::parse(q.getColumn(1).getString()).value("id", ""));
    return out;
}

int logged_events(const std::string& store_path, const std::string& type,
                  const std::string& number) {
    SQLite::Database db(store_path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM events WHERE type = ? AND ticket = ?");
    q.bind(1, type);
    q.bind(2, number);
    q.executeStep();
    return q.getColumn(0).getInt();
}

}  // namespace guichet::test
