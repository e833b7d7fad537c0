// The real controller, on a virtual clock, writes the day's reports once the site has closed.
#include <catch2/catch.hpp>

#include <thread>

#include "controller/report/report_json.h"
#include "tests/support/test_site.h"

using namespace guichet;

TEST_CASE("The controller writes the day's reports into the configured folder after closing") {
    test::TempDir reports("rapports");
    test::TestSite site(R"toml(
[[hours]]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
open = "08:30"
close = "17:00"

[reports]
folder = ")toml" + reports.path().string() +
                        R"toml("
after_closing_min = 1
)toml");
    // 16:59 on a virtual clock 60 times faster: the reports are due at 17:01, two seconds on.
    site.start_controller({"--start", "2026-11-23T16:59", "--speed", "60"});
    protocol::DeviceClient counter(site.device("poste-1"));
    counter.start();
    const auto opened = counter.request({counter.next_id(), protocol::CounterOpen{}});
    REQUIRE(opened);
    REQUIRE(opened->ok);

    const auto json = reports / "rapport-2026-11-23.json";
    for (int i = 0; i < 600 && !std::filesystem::exists(json); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(std::filesystem::exists(json));
    CHECK(std::filesystem::exists(reports / "rapport-2026-11-23.html"));
    CHECK(std::filesystem::exists(reports / "rapport-2026-11-23.csv"));
    const auto report = nlohmann::json::parse(test::read_file(json)).get<report::DailyReport>();
    CHECK(report.day == "2026-11-23");
    CHECK(report.site_id == "test-site");
    CHECK(report.events >= 1);  // counter 1 opened at 16:59 (alerts may be logged too)
    CHECK(site.controller_log().find("rapport du 2026-11-23 écrit") != std::string::npos);
    CHECK(site.stop_controller() == 0);
}
