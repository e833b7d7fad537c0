#include <catch2/catch.hpp>

#include "display/ui/emphasis.h"

using namespace guichet::display::ui;
using std::chrono::milliseconds;

TEST_CASE("a new call flashes at most 3 times in any second and for at most 5 s",
          "[display][emphasis]") {
    std::vector<int> flash_starts;  // ms at which the highlight turns on
    bool previous = false;
    int last_change = 0;
    for (int ms = 0; ms <= 10000; ++ms) {
        const auto e = emphasis_at(milliseconds(ms));
        if (e.inverted && !previous) flash_starts.push_back(ms);
        if (e.inverted != previous) last_change = ms;
        previous = e.inverted;
    }
    REQUIRE(flash_starts.size() >= 2);  // it does flash
    for (std::size_t i = 0; i + 3 < flash_starts.size(); ++i) {
        CHECK(flash_starts[i + 3] - flash_starts[i] >= 1000);  // never 4 flashes within one second
    }
    CHECK(last_change <= 5000);
}

TEST_CASE("after the flashing the highlight stays on, steady", "[display][emphasis]") {
    for (int ms : {4000, 5000, 60000, 3600000}) {
        const auto e = emphasis_at(milliseconds(ms));
        CHECK(e.inverted);
        CHECK_FALSE(e.flashing);
        CHECK_FALSE(next_emphasis_change(milliseconds(ms)));
    }
}

TEST_CASE("the next emphasis change is the next flash edge", "[display][emphasis]") {
    CHECK(next_emphasis_change(milliseconds(0)) == milliseconds(250));
    CHECK(next_emphasis_change(milliseconds(260)) == milliseconds(240));
    CHECK(emphasis_at(milliseconds(260)).inverted != emphasis_at(milliseconds(500)).inverted);
}
