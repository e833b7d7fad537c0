// The daily wait report: every figure of one local day, computed from the log.
//
// Contract: compute_daily() is pure (records + requests of the day, the site
// config and its time zone in; figures out) and deterministic, so `guichet
// verify` recomputes the same report from exported events. Definitions (see
// docs/report.md): wait = issue -> first call; service time = start (or call
// when never started) -> finish; percentiles are nearest-rank; a gap is a
// ticket not called within its service's target wait (never-called tickets
// included), and gets one cause: counters paused, surge of arrivals, long
// services, or none found, tested in that order.
#pragma once

#include <date/tz.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/report/records.h"

namespace guichet::report {

inline constexpr int kReportSchemaVersion = 2;  // 2: alerts have a level

struct Stats {  // durations in seconds over `count` values; zeros when count == 0
    int count = 0;
    double mean_s = 0;
    std::int64_t median_s = 0;
    std::int64_t p90_s = 0;
    std::int64_t max_s = 0;
};

struct Summary {
    int issued = 0;  // tickets taken (visitors)
    int served = 0;  // finished
    int no_shows = 0;
    int cancelled = 0;      // failed prints
    int left_unserved = 0;  // never called by the end of the day: left before being called
    int still_waiting = 0;  // the day in progress: in the queue now (instead of left_unserved)
    int transferred = 0;
    int refused_cutoff = 0;
    int refused_capacity = 0;
    int refused_quota = 0;
    int refused_closed = 0;
    int refused_other = 0;
    int return_time = 0;  // tickets given a return time (the log's return_time.given notes)
};

struct ServiceFigures {
    std::string id;
    std::string label_fr;
    std::string label_en;
    std::int64_t target_s = 0;
    int issued = 0;
    int cancelled = 0;  // failed prints: outside the commitment's population
    int called = 0;
    int served = 0;
    int no_shows = 0;
    int left_unserved = 0;
    Stats wait;
    int within_target = 0;
    double within_target_pct = 0;  // of issued tickets that were not cancelled
    double above_kpi_pct = 0;      // Qmatic's "% above KPI": 100 - within_target_pct
    Stats service_time;
    int estimates = 0;  // called tickets whose printed estimate is in the log
    double estimate_mae_s = 0;
    std::vector<int> wait_minutes;  // histogram: [m] = called tickets whose wait was m minutes
};

struct CounterFigures {
    std::string id;
    std::string label;
    int served = 0;
    double mean_service_s = 0;
    std::int64_t open_s = 0;     // open and calling
    std::int64_t paused_s = 0;   // staffed but paused
    std::int64_t busy_s = 0;     // with a visitor: call -> end of the visit
    double utilisation_pct = 0;  // busy / (open + paused)
};

struct Slot {           // 15 minutes of the day
    std::string start;  // local ISO 8601 with offset
    std::string label;  // local "HH:MM"
    int arrivals = 0;
    int calls = 0;                // first calls
    int waiting = 0;              // waiting at the end of the slot
    int max_waiting = 0;          // peak within the slot
    int counters_open = 0;        // open at the end of the slot
    std::int64_t wait_sum_s = 0;  // waits of the tickets issued in this slot and called
    int waits = 0;
};

struct Gap {
    std::string ticket;
    std::string service;
    std::string issued_at;    // local ISO
    std::string called_at;    // "" when never called
    std::int64_t wait_s = 0;  // to the call, or to the end of the day
    std::int64_t over_s = 0;  // beyond the target
};

struct Alert {
    std::string kind;
    std::string service;
    std::string level;    // info | warning | critical: the worst the alert reached
    std::string message;  // the sentence logged at that level
    std::string raised_at;
    std::string resolved_at;  // "" when still active at the end of the day
    std::int64_t duration_s = 0;
};

struct GapGroup {
    std::string cause;  // counters_paused | surge | long_services | none_found
    std::vector<Gap> tickets;
    std::vector<Alert> alerts;  // raised while these tickets waited
};

struct Commitment {
    std::int64_t target_s = 0;  // common target of every service, 0 when they differ
    int population = 0;         // issued and not cancelled
    int within = 0;
    double achieved_pct = 100;  // 100 on a day without visitors
    int gaps = 0;
};

struct Satisfaction {
    std::array<int, 4> votes{};  // [score - 1]
    double mean = 0;
    struct PerService {
        std::string service;  // "" for votes given without a service
        std::array<int, 4> votes{};
    };
    std::vector<PerService> services;
};

struct DailyReport {
    int schema_version = kReportSchemaVersion;
    std::string site_id;
    std::string site_name;
    std::string timezone;
    std::string day;
    int capacity = 0;
    bool in_progress = false;    // made before the day closed: a provisional report
    std::int64_t first_seq = 0;  // events the figures come from
    std::int64_t last_seq = 0;
    int events = 0;
    Summary summary;
    Commitment commitment;
    std::vector<ServiceFigures> services;
    std::vector<CounterFigures> counters;
    std::vector<Slot> slots;
    std::vector<GapGroup> gaps;
    std::vector<Alert> alerts;
    Satisfaction satisfaction;
};

// What a daily report holds: everything, or its figures only, without the gap and alert
// lists (what a period report reads; commitment.gaps still counts the gaps).
enum class Detail { full, figures };

// `now`: when the report is made, for a day still in progress (before it closes, its
// tickets not called yet are still waiting, not gone); nullopt: the day is over.
DailyReport compute_daily(const config::SiteConfig& site, const date::time_zone* zone,
                          const std::string& day, const std::vector<Record>& records,
                          const std::vector<Request>& requests, Detail detail = Detail::full,
                          std::optional<engine::Time> now = std::nullopt);

// Nearest-rank percentile (p in 0..100) of sorted values; 0 for none.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int p);
Stats stats_of(std::vector<std::int64_t> values);

}  // namespace guichet::report
