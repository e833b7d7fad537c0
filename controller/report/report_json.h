// Reports <-> JSON (the schema is documented in docs/report.md).
//
// Contract: from_json(to_json(r)) == r for daily and period reports; field
// names are the struct members' names. Daily reports are also kept in this
// form in the store (table daily_reports), which is what outlives a retention
// purge and what evidence folders hold.
#pragma once

#include <nlohmann/json.hpp>

#include "controller/report/daily.h"
#include "controller/report/period.h"

namespace guichet::report {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Stats, count, mean_s, median_s, p90_s, max_s)
// With defaults (Summary, Alert, DailyReport): a report saved with schema 1 still reads.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Summary, issued, served, no_shows, cancelled,
                                                left_unserved, still_waiting, transferred,
                                                refused_cutoff, refused_capacity, refused_quota,
                                                refused_closed, refused_other, return_time)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ServiceFigures, id, label_fr, label_en, target_s, issued,
                                   cancelled, called, served, no_shows, left_unserved, wait,
                                   within_target, within_target_pct, above_kpi_pct, service_time,
                                   estimates, estimate_mae_s, wait_minutes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CounterFigures, id, label, served, mean_service_s, open_s,
                                   paused_s, busy_s, utilisation_pct)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Slot, start, label, arrivals, calls, waiting, max_waiting,
                                   counters_open, wait_sum_s, waits)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Gap, ticket, service, issued_at, called_at, wait_s, over_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Alert, kind, service, level, message, raised_at,
                                                resolved_at, duration_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapGroup, cause, tickets, alerts)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Commitment, target_s, population, within, achieved_pct, gaps)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Satisfaction::PerService, service, votes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Satisfaction, votes, mean, services)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DailyReport, schema_version, site_id, site_name,
                                                timezone, day, capacity, in_progress, first_seq,
                                                last_seq, events, summary, commitment, services,
                                                counters, slots, gaps, alerts, satisfaction)

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DayTrend, day, weekday, issued, served, within_target_pct,
                                   mean_wait_s, p90_wait_s, max_wait_s, gaps, refused)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HeatCell, arrivals, mean_wait_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ServiceTrend, id, label_fr, label_en, target_s, issued, called,
                                   within_target_pct, wait)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PeriodReport, schema_version, site_id, site_name, timezone, from,
                                   to, days_open, summary, commitment, services, days, heat,
                                   worst_days, satisfaction)

}  // namespace guichet::report
