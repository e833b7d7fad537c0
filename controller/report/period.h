// Period reports (week, month, year): trends, weekday x hour heat maps, worst days.
//
// Contract: compute_period() is pure and folds daily reports only, never
// events, so a period whose events were purged by retention still has its
// report (daily aggregates are kept). Percentiles over a period come from the
// daily per-minute wait histograms: exact to the minute.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "controller/report/daily.h"

namespace guichet::report {

struct DayTrend {
    std::string day;
    int weekday = 0;  // 0 = Monday ... 6 = Sunday
    int issued = 0;
    int served = 0;
    double within_target_pct = 100;
    double mean_wait_s = 0;
    std::int64_t p90_wait_s = 0;
    std::int64_t max_wait_s = 0;
    int gaps = 0;
    int refused = 0;
};

struct HeatCell {
    int arrivals = 0;
    double mean_wait_s = 0;  // of the tickets issued in that hour and called
};

struct ServiceTrend {
    std::string id;
    std::string label_fr;
    std::string label_en;
    std::int64_t target_s = 0;
    int issued = 0;
    int called = 0;
    double within_target_pct = 100;
    Stats wait;  // median, p90 and max to the minute (from histograms)
};

struct PeriodReport {
    int schema_version = kReportSchemaVersion;
    std::string site_id;
    std::string site_name;
    std::string timezone;
    std::string from;
    std::string to;
    int days_open = 0;  // days with at least one ticket
    Summary summary;
    Commitment commitment;
    std::vector<ServiceTrend> services;
    std::vector<DayTrend> days;
    std::vector<std::array<HeatCell, 24>> heat;  // [weekday 0 = Monday][local hour]
    std::vector<DayTrend> worst_days;            // lowest share within target first (at most 5)
    Satisfaction satisfaction;
};

PeriodReport compute_period(const config::SiteConfig& site, const std::string& from,
                            const std::string& to, const std::vector<DailyReport>& days);

}  // namespace guichet::report
