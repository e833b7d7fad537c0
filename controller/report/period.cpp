#include "controller/report/period.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>

namespace guichet::report {

namespace {

int weekday_of(const std::string& day) {
    int y = 0, m = 0, d = 0;
    std::sscanf(day.c_str(), "%d-%d-%d", &y, &m, &d);
    const date::sys_days date = date::year(y) / m / d;
    return static_cast<int>(date::weekday(date).iso_encoding()) - 1;
}

// Percentile over a per-minute histogram: the minute's start, in seconds.
std::int64_t histogram_percentile(const std::vector<int>& minutes, int count, int p) {
    if (count == 0) return 0;
    const auto rank = std::max<std::int64_t>(1, (static_cast<std::int64_t>(count) * p + 99) / 100);
    std::int64_t seen = 0;
    for (std::size_t m = 0; m < minutes.size(); ++m) {
        seen += minutes[m];
        if (seen >= rank) return static_cast<std::int64_t>(m) * 60;
    }
    return static_cast<std::int64_t>(minutes.size()) * 60;
}

void add(Summary& to, const Summary& s) {
    to.issued += s.issued;
    to.served += s.served;
    to.no_shows += s.no_shows;
    to.cancelled += s.cancelled;
    to.left_unserved += s.left_unserved;
    to.still_waiting += s.still_waiting;
    to.transferred += s.transferred;
    to.refused_cutoff += s.refused_cutoff;
    to.refused_capacity += s.refused_capacity;
    to.refused_quota += s.refused_quota;
    to.refused_closed += s.refused_closed;
    to.refused_other += s.refused_other;
    to.return_time += s.return_time;
}

DayTrend trend_of(const DailyReport& r) {
    DayTrend t;
    t.day = r.day;
    t.weekday = weekday_of(r.day);
    t.issued = r.summary.issued;
    t.served = r.summary.served;
    t.within_target_pct = r.commitment.achieved_pct;
    t.gaps = r.commitment.gaps;
    t.refused = r.summary.refused_cutoff + r.summary.refused_capacity + r.summary.refused_quota +
                r.summary.refused_closed;
    int called = 0;
    double wait_sum = 0;
    for (const ServiceFigures& s : r.services) {
        called += s.wait.count;
        wait_sum += s.wait.mean_s * s.wait.count;
        t.p90_wait_s = std::max(t.p90_wait_s, s.wait.p90_s);
        t.max_wait_s = std::max(t.max_wait_s, s.wait.max_s);
    }
    if (called > 0) t.mean_wait_s = wait_sum / called;
    return t;
}

}  // namespace

PeriodReport compute_period(const config::SiteConfig& site, const std::string& from,
                            const std::string& to, const std::vector<DailyReport>& days) {
    PeriodReport p;
    p.site_id = site.id;
    p.site_name = site.name;
    p.timezone = site.timezone;
    p.from = from;
    p.to = to;
    p.heat.assign(7, {});
    std::vector<std::array<double, 24>> wait_sums(7, std::array<double, 24>{});
    std::vector<std::array<int, 24>> waits(7, std::array<int, 24>{});
    struct Merged {
        std::vector<int> minutes;
        double wait_sum = 0;
        int within = 0;
        int population = 0;
    };
    std::vector<Merged> merged(site.services.size());
    for (std::size_t i = 0; i < site.services.size(); ++i) {
        ServiceTrend s;
        s.id = site.services[i].id;
        s.label_fr = site.services[i].label.fr;
        s.label_en = site.services[i].label.en;
        s.target_s = site.services[i].target_wait.count();
        p.services.push_back(std::move(s));
    }

    for (const DailyReport& r : days) {
        if (r.summary.issued > 0) p.days_open++;
        add(p.summary, r.summary);
        p.commitment.population += r.commitment.population;
        p.commitment.within += r.commitment.within;
        p.commitment.gaps += r.commitment.gaps;
        p.commitment.target_s = r.commitment.target_s;
        for (int i = 0; i < 4; ++i) p.satisfaction.votes[i] += r.satisfaction.votes[i];
        for (const auto& v : r.satisfaction.services) {
            auto it = std::find_if(p.satisfaction.services.begin(), p.satisfaction.services.end(),
                                   [&](const auto& s) { return s.service == v.service; });
            if (it == p.satisfaction.services.end())
                it = p.satisfaction.services.insert(p.satisfaction.services.end(), {v.service, {}});
            for (int i = 0; i < 4; ++i) it->votes[i] += v.votes[i];
        }
        for (const ServiceFigures& f : r.services) {
            for (std::size_t i = 0; i < p.services.size(); ++i) {
                if (p.services[i].id != f.id) continue;
                ServiceTrend& s = p.services[i];
                Merged& m = merged[i];
                s.issued += f.issued;
                s.called += f.called;
                s.wait.max_s = std::max(s.wait.max_s, f.wait.max_s);
                m.wait_sum += f.wait.mean_s * f.wait.count;
                m.within += f.within_target;
                m.population += f.issued - f.cancelled;
                if (m.minutes.size() < f.wait_minutes.size())
                    m.minutes.resize(f.wait_minutes.size());
                for (std::size_t k = 0; k < f.wait_minutes.size(); ++k)
                    m.minutes[k] += f.wait_minutes[k];
            }
        }
        const int weekday = weekday_of(r.day);
        for (const Slot& slot : r.slots) {
            const int hour = std::stoi(slot.label.substr(0, 2));
            p.heat[weekday][hour].arrivals += slot.arrivals;
            wait_sums[weekday][hour] += static_cast<double>(slot.wait_sum_s);
            waits[weekday][hour] += slot.waits;
        }
        p.days.push_back(trend_of(r));
    }
    for (int d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h)
            if (waits[d][h] > 0) p.heat[d][h].mean_wait_s = wait_sums[d][h] / waits[d][h];
    for (std::size_t i = 0; i < p.services.size(); ++i) {
        ServiceTrend& s = p.services[i];
        const Merged& m = merged[i];
        s.wait.count = s.called;
        if (s.called > 0) s.wait.mean_s = m.wait_sum / s.called;
        s.wait.median_s = histogram_percentile(m.minutes, s.called, 50);
        s.wait.p90_s = histogram_percentile(m.minutes, s.called, 90);
        if (m.population > 0) s.within_target_pct = 100.0 * m.within / m.population;
    }
    if (p.commitment.population > 0)
        p.commitment.achieved_pct = 100.0 * p.commitment.within / p.commitment.population;
    int votes = 0, total = 0;
    for (int i = 0; i < 4; ++i) {
        votes += p.satisfaction.votes[i];
        total += (i + 1) * p.satisfaction.votes[i];
    }
    if (votes > 0) p.satisfaction.mean = static_cast<double>(total) / votes;

    for (const DayTrend& t : p.days)
        if (t.issued > 0) p.worst_days.push_back(t);
    std::stable_sort(p.worst_days.begin(), p.worst_days.end(), [](const auto& a, const auto& b) {
        if (a.within_target_pct != b.within_target_pct)
            return a.within_target_pct < b.within_target_pct;
        return a.gaps > b.gaps;
    });
    if (p.worst_days.size() > 5) p.worst_days.resize(5);
    return p;
}

}  // namespace guichet::report
