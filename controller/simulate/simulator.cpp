#include "controller/simulate/simulator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <numbers>
#include <queue>
#include <tuple>

#include "controller/regulation/admission.h"
#include "controller/regulation/engine_view.h"
#include "controller/regulation/predictor.h"
#include "controller/regulation/site_learning.h"

namespace guichet::simulate {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::size_t kMovingAverage = 10;

// splitmix64: a fixed, portable stream (std:: distributions differ between libraries).
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    return mix(a ^ mix(b));
}

class Rng {
  public:
    Rng() = default;
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    double uniform() {  // (0, 1]
        state_ += 0x9e3779b97f4a7c15ULL;
        return (static_cast<double>(mix(state_) >> 11) + 1) * 0x1.0p-53;
    }
    double exponential(double mean) { return -mean * std::log(uniform()); }
    double normal() {
        return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * std::numbers::pi * uniform());
    }
    double lognormal(double mean, double cv) {
        const double var_log = std::log1p(cv * cv);
        return std::exp(std::log(mean) - var_log / 2 + std::sqrt(var_log) * normal());
    }

  private:
    std::uint64_t state_ = 0;
};

// What a visitor will do, drawn before anything happens to them.
struct Traits {
    double work_s = 0;  // service time at a counter of speed 1
    double patience_s = 0;
    bool absent = false;  // will not answer the call whatever the wait
    bool priority = false;
    double balk_draw = 1;
};

Traits draw_traits(Rng rng, const ServiceProfile& service, const Profile& p) {
    Traits t;
    t.work_s = rng.lognormal(service.mean_s, service.cv);
    t.patience_s = rng.exponential(p.patience_mean_s);
    t.absent = rng.uniform() <= p.no_show_share;
    t.priority = rng.uniform() <= p.priority_share;
    t.balk_draw = rng.uniform();
    return t;
}

std::string iso_day(sys_days day) {
    const std::chrono::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

std::string iso_time(Time t) {
    const sys_days day = floor<days>(t);
    const long s = (t - day).count();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%sT%02ld:%02ld:%02ld", iso_day(day).c_str(), s / 3600,
                  s / 60 % 60, s % 60);
    return buffer;
}

struct Visitor {
    std::size_t row = 0;  // in the day's rows
    int service = 0;
    Time leaves_at;
    bool absent = false;
    double work_s = 0;
};

struct Desk {
    std::string id;
    std::vector<int> services;  // configured, as profile indices
    double speed = 1;
    std::optional<int> break_at_min;
    int break_min = 0;
    bool break_taken = false;
    bool open = false;
    bool on_break = false;
    bool busy = false;
    bool present = false;
    std::string number;
};

enum class Kind { arrival, visit_end, break_end, day_close };

struct Ev {
    Time at;
    std::uint64_t seq = 0;
    Kind kind = Kind::arrival;
    int index = 0;  // service (arrival) or desk
    bool operator>(const Ev& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

struct ServiceDay {
    bool open = false;
    Time opens;
    Time closes;
};

struct Stream {              // one service's arrivals today
    std::uint64_t rank = 0;  // arrivals drawn so far today
    double clock_s = 0;      // of the arrival process, seconds after midnight
    Rng rng;
};

class Physics;

// The regulation side of a run, consulted by the physics. Re-simulations for the
// oracle run without it: no estimates, no admission, no learning.
struct Regulation {
    virtual ~Regulation() = default;
    // May the visitor have a ticket? Fills the row's estimates.
    virtual bool admit(Physics& world, int service, const Traits& traits, TicketRow& row) = 0;
    virtual void issued(Physics& world, int service, const std::string& number) = 0;
    virtual void called(Physics& world, int service, double wait_s) = 0;
    // waited_s: in the room before the call (from the return time for a visitor given one).
    virtual void finished(Physics& world, const Desk& desk, int service, double duration_s,
                          bool no_show, Time called_at, double waited_s) = 0;
};

// The site and its visitors: everything that happens, and nothing that is known
// only to the regulation. Copyable, so the oracle can replay the future.
class Physics {
  public:
    Physics(const config::SiteConfig& site, const Profile& profile, std::uint64_t seed)
        : engine(site.engine_config()), site_(&site), profile_(&profile), seed_(seed) {
        for (const ServiceProfile& s : profile.services) {
            const config::Service* def = site.service(s.id);
            mean_configured.push_back(def ? static_cast<double>(def->mean_service.count())
                                          : s.mean_s);
        }
        for (const config::Counter& c : site.counters) {
            Desk desk;
            desk.id = c.id;
            for (const std::string& id : c.services) {
                const int index = service_index(id);
                if (index >= 0) desk.services.push_back(index);
            }
            bool listed = profile.counters.empty();
            for (const CounterProfile& cp : profile.counters) {
                if (cp.id != c.id) continue;
                listed = true;
                desk.speed = cp.speed;
                desk.break_at_min = cp.break_at_min;
                desk.break_min = cp.break_min;
            }
            if (listed && !desk.services.empty()) desks.push_back(std::move(desk));
        }
    }

    const config::SiteConfig& site() const { return *site_; }
    const Profile& profile() const { return *profile_; }
    Time now() const { return now_; }
    int weekday() const { return weekday_; }
    int hour_of(Time t) const { return static_cast<int>((t - day_).count() / 3600); }
    const ServiceDay& service_day(int s) const { return today_[s]; }
    std::size_t live() const { return visitors_.size(); }

    int service_index(const std::string& id) const {
        for (std::size_t i = 0; i < profile_->services.size(); ++i) {
            if (profile_->services[i].id == id) return static_cast<int>(i);
        }
        return -1;
    }

    // Sets up a local day; false when the site does not open.
    bool start_day(sys_days day) {
        day_ = day;
        weekday_ = static_cast<int>(std::chrono::weekday{day}.c_encoding());
        rows.clear();
        called_.clear();
        today_.assign(profile_->services.size(), ServiceDay{});
        streams_.assign(profile_->services.size(), Stream{});
        const std::string date = iso_day(day);
        for (const config::ClosureDay& closure : site_->closures) {
            if (closure.date == date) return false;
        }
        std::optional<Time> first_open;
        for (std::size_t s = 0; s < today_.size(); ++s) {
            today_[s] = opening(profile_->services[s].id);
            if (!today_[s].open) continue;
            streams_[s].clock_s = static_cast<double>((today_[s].opens - day_).count());
            streams_[s].rng =
                Rng(mix(seed_, mix(static_cast<std::uint64_t>(s), day.time_since_epoch().count())));
            if (!first_open || today_[s].opens < *first_open) first_open = today_[s].opens;
            if (!close_all_ || today_[s].closes > *close_all_) close_all_ = today_[s].closes;
        }
        if (!first_open) return false;
        now_ = *first_open;
        push({*close_all_, 0, Kind::day_close, 0});
        for (std::size_t s = 0; s < today_.size(); ++s) schedule_arrival(static_cast<int>(s));
        for (std::size_t d = 0; d < desks.size(); ++d) {
            desks[d].break_taken = false;
            const std::vector<std::string> services = open_services(desks[d]);
            if (services.empty()) continue;
            execute(engine::Open{desks[d].id, services});
            desks[d].open = true;
        }
        return true;
    }

    void end_day() { close_all_.reset(); }

    // Runs the day until nothing is left to happen, or until `number` is called.
    void run(Regulation* regulation, const std::string& until_called = {}) {
        if (!until_called.empty() && called_.count(until_called)) return;
        while (!events_.empty()) {
            const Ev ev = events_.top();
            events_.pop();
            now_ = ev.at;
            switch (ev.kind) {
                case Kind::arrival:
                    arrive(regulation, ev.index);
                    break;
                case Kind::visit_end:
                    visit_end(regulation, desks[ev.index]);
                    break;
                case Kind::break_end:
                    desks[ev.index].on_break = false;
                    execute(engine::Open{desks[ev.index].id, open_services(desks[ev.index])});
                    try_call(regulation, desks[ev.index]);
                    break;
                case Kind::day_close:
                    for (Desk& d : desks) {
                        if (d.open && !d.busy && !d.on_break) try_call(regulation, d);
                    }
                    break;
            }
            if (!until_called.empty() && called_.count(until_called)) return;
        }
    }

    std::optional<Time> called_at(const std::string& number) const {
        auto it = called_.find(number);
        return it == called_.end() ? std::nullopt : std::optional<Time>(it->second);
    }

    // What is hidden from an observer is drawn again: the visitors' remaining
    // patience, no-shows and service times, the visits under way (given how long
    // they have lasted), and the arrivals to come.
    void redraw_future(std::uint64_t seed) {
        seed_ = seed;
        Rng rng(mix(seed, 0x0dac1e));
        for (auto& [number, v] : visitors_) {
            if (rows[v.row].called_at) continue;
            const Traits t =
                draw_traits(Rng(mix(seed, v.row)), profile_->services[v.service], *profile_);
            v.leaves_at = std::max(now_, rows[v.row].return_at.value_or(now_)) +
                          seconds(std::lround(t.patience_s));
            v.absent = t.absent;
            v.work_s = t.work_s;
        }
        std::vector<Ev> kept;
        while (!events_.empty()) {
            Ev ev = events_.top();
            events_.pop();
            if (ev.kind == Kind::arrival) continue;
            if (ev.kind == Kind::visit_end && desks[ev.index].present) {
                const Desk& d = desks[ev.index];
                const Visitor& v = visitors_.at(d.number);
                const double elapsed = static_cast<double>((now_ - *rows[v.row].called_at).count());
                double total = elapsed + 1;
                for (int tries = 0; tries < 100; ++tries) {
                    const double work = rng.lognormal(profile_->services[v.service].mean_s,
                                                      profile_->services[v.service].cv) *
                                        d.speed;
                    if (work > elapsed) {
                        total = work;
                        break;
                    }
                }
                ev.at = *rows[v.row].called_at + seconds(std::max<long>(1, std::lround(total)));
                ev.at = std::max(ev.at, now_);
            }
            kept.push_back(ev);
        }
        for (const Ev& ev : kept) events_.push(ev);
        for (std::size_t s = 0; s < streams_.size(); ++s) {
            if (!today_[s].open) continue;
            streams_[s].clock_s = static_cast<double>((now_ - day_).count());
            streams_[s].rng = Rng(mix(seed, s + 1));
            schedule_arrival(static_cast<int>(s));
        }
    }

    // `printed`: the wait printed on the ticket a Take issues, for the sink.
    engine::Decision execute(const engine::Command& command,
                             std::optional<double> printed = std::nullopt) {
        const engine::Clock clock{now_, day_};
        engine::Decision d = engine.decide(command, clock);
        for (const engine::Event& e : d.events) {
            engine.apply(e);
            if (!sink || !*sink) continue;
            std::optional<int> printed_s;
            if (printed && std::holds_alternative<engine::TicketIssued>(e))
                printed_s = static_cast<int>(std::lround(*printed));
            (*sink)(e, now_, printed_s);
        }
        return d;
    }

    engine::Engine engine;
    std::vector<Desk> desks;
    std::vector<TicketRow> rows;          // today's tickets
    std::vector<double> mean_configured;  // per profile service
    const EventSink* sink = nullptr;

  private:
    ServiceDay opening(const std::string& service) const {
        ServiceDay out;
        if (site_->hours.empty()) {
            return {true, Time{day_}, Time{day_ + days(1)} - seconds(1)};
        }
        for (const config::Hours& h : site_->hours) {
            if (std::find(h.weekdays.begin(), h.weekdays.end(), weekday_) == h.weekdays.end())
                continue;
            if (!h.services.empty() &&
                std::find(h.services.begin(), h.services.end(), service) == h.services.end()) {
                continue;
            }
            const Time opens = Time{day_} + h.open;
            const Time closes = Time{day_} + h.close;
            if (!out.open || opens < out.opens) out.opens = opens;
            if (!out.open || closes > out.closes) out.closes = closes;
            out.open = true;
        }
        return out;
    }

    std::vector<std::string> open_services(const Desk& d) const {
        std::vector<std::string> ids;
        for (int s : d.services) {
            if (today_[s].open) ids.push_back(profile_->services[s].id);
        }
        return ids;
    }

    void push(Ev ev) {
        ev.seq = next_seq_++;
        events_.push(ev);
    }

    // Piecewise-constant Poisson rate by local hour, until the service closes.
    void schedule_arrival(int s) {
        Stream& stream = streams_[s];
        const auto& rates = profile_->services[s].per_hour[weekday_];
        const double closes = static_cast<double>((today_[s].closes - day_).count());
        double t = stream.clock_s;
        while (t < closes) {
            const int hour = std::min(23, static_cast<int>(t / 3600));
            const double hour_end = std::min(closes, (hour + 1) * 3600.0);
            const double rate = rates[hour] / 3600;
            if (rate <= 0) {
                t = hour_end;
                continue;
            }
            const double next = t + stream.rng.exponential(1 / rate);
            if (next < hour_end) {
                stream.clock_s = next;
                push({Time{day_} + seconds(std::lround(std::floor(next))), 0, Kind::arrival, s});
                return;
            }
            t = hour_end;
        }
        stream.clock_s = closes;
    }

    void arrive(Regulation* regulation, int s) {
        const std::uint64_t rank = streams_[s].rank++;
        schedule_arrival(s);
        const Traits traits =
            draw_traits(Rng(mix(seed_, mix(s + 1, mix(rank, day_.time_since_epoch().count())))),
                        profile_->services[s], *profile_);
        TicketRow row;
        row.day = iso_day(day_);
        row.service = profile_->services[s].id;
        row.priority = traits.priority;
        row.issued_at = now_;
        row.closing = today_[s].closes;
        if (regulation && !regulation->admit(*this, s, traits, row)) return;
        const engine::Decision taken =
            execute(engine::Take{row.service, traits.priority}, row.estimated_wait_s);
        if (taken.error || !taken.ticket) return;
        execute(engine::Printed{*taken.ticket, true, {}});
        row.number = *taken.ticket;
        // Patience runs in the waiting room: from the return time for a visitor given one.
        visitors_[row.number] = {
            rows.size(), s, row.return_at.value_or(now_) + seconds(std::lround(traits.patience_s)),
            traits.absent, traits.work_s};
        rows.push_back(std::move(row));
        const std::string number = rows.back().number;
        for (Desk& d : desks) {
            if (d.open && !d.busy && !d.on_break &&
                std::find(d.services.begin(), d.services.end(), s) != d.services.end()) {
                try_call(regulation, d);
            }
        }
        // After idle counters had their chance: a replay must not miss that call.
        if (regulation) regulation->issued(*this, s, number);
    }

    std::size_t desk_index(const Desk& d) const {
        return static_cast<std::size_t>(&d - desks.data());
    }

    void try_call(Regulation* regulation, Desk& d) {
        const long minute = (now_ - Time{day_}).count() / 60;
        if (d.break_at_min && !d.break_taken && minute >= *d.break_at_min && now_ < *close_all_) {
            execute(engine::Pause{d.id});
            d.on_break = true;
            d.break_taken = true;
            push(
                {now_ + minutes(d.break_min), 0, Kind::break_end, static_cast<int>(desk_index(d))});
            return;
        }
        const engine::Decision next = execute(engine::Next{d.id});
        if (!next.ticket || next.error) {
            if (now_ >= *close_all_) {
                execute(engine::Close{d.id});
                d.open = false;
            }
            return;
        }
        Visitor& v = visitors_.at(*next.ticket);
        TicketRow& row = rows[v.row];
        row.called_at = now_;
        called_[row.number] = now_;
        if (regulation) {
            regulation->called(*this, v.service,
                               static_cast<double>((now_ - row.issued_at).count()));
        }
        d.busy = true;
        d.number = row.number;
        // A visitor given a return time is away until then (and was not waiting meanwhile).
        d.present = !v.absent && v.leaves_at > now_ && (!row.return_at || *row.return_at <= now_);
        double lasts = profile_->no_show_delay_s;
        if (d.present) {
            execute(engine::Start{d.id});
            lasts = std::max(1.0, v.work_s * d.speed);
        }
        push({now_ + seconds(std::lround(lasts)), 0, Kind::visit_end,
              static_cast<int>(desk_index(d))});
    }

    void visit_end(Regulation* regulation, Desk& d) {
        const Visitor v = visitors_.at(d.number);
        TicketRow& row = rows[v.row];
        row.ended_at = now_;
        if (d.present) {
            execute(engine::Finish{d.id});
            row.outcome = Outcome::served;
        } else {
            execute(engine::NoShow{d.id});
            row.outcome = v.leaves_at <= *row.called_at ? Outcome::left : Outcome::no_show;
        }
        if (regulation) {
            const Time in_room = std::max(row.issued_at, row.return_at.value_or(row.issued_at));
            regulation->finished(*this, d, v.service,
                                 static_cast<double>((now_ - *row.called_at).count()), !d.present,
                                 *row.called_at,
                                 static_cast<double>((*row.called_at - in_room).count()));
        }
        visitors_.erase(d.number);
        d.busy = false;
        d.number.clear();
        try_call(regulation, d);
    }

    const config::SiteConfig* site_;
    const Profile* profile_;
    std::uint64_t seed_;
    sys_days day_{};
    int weekday_ = 0;
    Time now_{};
    std::optional<Time> close_all_;
    std::vector<ServiceDay> today_;
    std::vector<Stream> streams_;
    std::map<std::string, Visitor> visitors_;  // live tickets
    std::map<std::string, Time> called_;
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> events_;
    std::uint64_t next_seq_ = 0;
};

// Regulation as the controller runs it: learned service times, the predictor,
// admission; plus the benchmark's other estimators, computed at the same moment.
class Controller : public Regulation {
  public:
    Controller(const Physics& world, const Options& options, Refusals& refused)
        : options_(options), refused_(refused), learning_(configured(world)) {
        recent_waits_.resize(world.profile().services.size());
    }

    void start_day(sys_days day) {
        learning_.start_day(Time{day});
        times_.reset();
        for (auto& w : recent_waits_) w.clear();
    }

    bool admit(Physics& world, int s, const Traits& traits, TicketRow& row) override {
        const Time now = world.now();
        const std::string& id = world.profile().services[s].id;
        regulation::QueueSnapshot snapshot = regulation::snapshot_of(world.engine, now);
        learning_.counters_seen(snapshot);
        learning_.expect_pauses(snapshot);
        const regulation::ServiceTimes& times = service_times(world.weekday(), world.hour_of(now));
        regulation::PredictorSettings settings = learning_.settings(now);
        settings.runs = options_.estimate_runs;
        const regulation::NewTicketEstimate estimate =
            regulation::predict_new_ticket(snapshot, id, times, settings, traits.priority);
        if (estimate.wait) row.estimated_wait_s = static_cast<double>(estimate.wait->count());
        fill_baselines(world, s, snapshot, estimate.ahead, row);

        if (options_.regulation) {
            const config::Service* def = world.site().service(id);
            regulation::AdmissionRules rules;
            if (def) {
                rules.cutoff_margin = def->cutoff_margin;
                rules.daily_quota = def->daily_quota;
                rules.return_after = def->return_after;
            }
            regulation::AdmissionRequest request;
            request.now = now;
            request.estimate = estimate;
            request.mean_service_s = times.at(id, "").mean_s;
            request.closing = world.service_day(s).closes;
            request.issued_today = learning_.issued_today(id);
            request.capacity = world.site().capacity;
            request.occupancy = static_cast<int>(world.live());
            request.place_frees_at = regulation::next_departure(snapshot, times);
            const regulation::Admission admission = regulation::admit(request, rules);
            switch (admission.verdict) {
                case regulation::Verdict::admitted:
                    break;
                case regulation::Verdict::cutoff:
                    ++refused_.cutoff;
                    return false;
                case regulation::Verdict::capacity_full:
                    ++refused_.capacity_full;
                    return false;
                case regulation::Verdict::quota_reached:
                    ++refused_.quota;
                    return false;
                case regulation::Verdict::service_closed:
                    ++refused_.service_closed;
                    return false;
            }
            row.return_at = admission.return_at;
        }
        if (options_.balking && estimate.wait &&
            static_cast<double>(estimate.wait->count()) > world.profile().balk_over_s &&
            traits.balk_draw <= world.profile().balk_share) {
            ++refused_.balked;
            return false;
        }
        return true;
    }

    void issued(Physics& world, int s, const std::string& number) override {
        learning_.issued(world.profile().services[s].id, world.now());
        if (options_.oracle_every <= 0 || ++issued_count_ % options_.oracle_every != 0) return;
        double total = 0;
        int runs = 0;
        for (int r = 0; r < options_.oracle_runs; ++r) {
            Physics replay = world;
            replay.sink = nullptr;
            replay.redraw_future(mix(options_.seed, mix(issued_count_, r)));
            replay.run(nullptr, number);
            if (const std::optional<Time> at = replay.called_at(number)) {
                total += static_cast<double>((*at - world.now()).count());
                ++runs;
            }
        }
        if (runs > 0) world.rows.back().oracle_s = total / runs;
    }

    void called(Physics&, int s, double wait_s) override {
        auto& waits = recent_waits_[s];
        waits.push_back(wait_s);
        if (waits.size() > kMovingAverage) waits.pop_front();
    }

    void finished(Physics& world, const Desk& desk, int s, double duration_s, bool no_show,
                  Time called_at, double waited_s) override {
        learning_.finished({world.profile().services[s].id, desk.id, duration_s, no_show,
                            world.weekday(), world.hour_of(called_at), !no_show},
                           waited_s);
        ++recorded_;
    }

  private:
    // The learned estimates move slowly: refitting them every few calls, or when
    // the hour changes, is as good as at every ticket and much cheaper.
    const regulation::ServiceTimes& service_times(int weekday, int hour) {
        constexpr int kRefitEvery = 10;
        const auto key = std::make_tuple(weekday, hour, recorded_ / kRefitEvery);
        if (!times_ || key != times_key_) {
            times_ = learning_.service_times(weekday, hour);
            times_key_ = key;
        }
        return *times_;
    }

    static std::map<std::string, double> configured(const Physics& world) {
        std::map<std::string, double> out;
        for (std::size_t s = 0; s < world.profile().services.size(); ++s) {
            out[world.profile().services[s].id] = world.mean_configured[s];
        }
        return out;
    }

    void fill_baselines(const Physics& world, int s, const regulation::QueueSnapshot& snapshot,
                        int ahead, TicketRow& row) const {
        const auto& waits = recent_waits_[s];
        double sum = 0;
        for (double w : waits) sum += w;
        row.moving_average_s = waits.empty() ? 0 : sum / static_cast<double>(waits.size());
        int open = 0;
        const std::string& id = world.profile().services[s].id;
        for (const regulation::CounterNow& c : snapshot.counters) {
            if (c.state == engine::CounterState::open &&
                std::find(c.services.begin(), c.services.end(), id) != c.services.end()) {
                ++open;
            }
        }
        row.people_ahead_s = ahead * world.mean_configured[s] / std::max(1, open);
    }

    const Options& options_;
    Refusals& refused_;
    regulation::SiteLearning learning_;
    std::vector<std::deque<double>> recent_waits_;
    std::uint64_t issued_count_ = 0;
    long recorded_ = 0;
    std::optional<regulation::ServiceTimes> times_;
    std::tuple<int, int, long> times_key_;
};

}  // namespace

std::optional<double> TicketRow::actual_wait_s() const {
    if (!called_at) return std::nullopt;
    return static_cast<double>((*called_at - issued_at).count());
}

Result run(const config::SiteConfig& site, const Profile& profile, const Options& options,
           const EventSink& sink) {
    Result result;
    Physics world(site, profile, options.seed);
    world.sink = &sink;
    Controller controller(world, options, result.refused);
    for (int d = 0; d < options.days; ++d) {
        controller.start_day(options.first_day + days(d));
        if (world.start_day(options.first_day + days(d))) world.run(&controller);
        world.end_day();
        for (TicketRow& row : world.rows) result.tickets.push_back(std::move(row));
    }
    return result;
}

std::string to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::served:
            return "served";
        case Outcome::no_show:
            return "no_show";
        case Outcome::left:
            return "left";
        case Outcome::waiting:
            return "waiting";
    }
    return "waiting";
}

std::string tickets_csv(const std::vector<TicketRow>& tickets) {
    std::string out =
        "day,number,service,priority,issued_at,estimated_wait_s,called_at,actual_wait_s,outcome\n";
    for (const TicketRow& t : tickets) {
        out += t.day + "," + t.number + "," + t.service + "," + (t.priority ? "1" : "0") + "," +
               iso_time(t.issued_at) + ",";
        if (t.estimated_wait_s) out += std::to_string(std::lround(*t.estimated_wait_s));
        out += ",";
        if (t.called_at) out += iso_time(*t.called_at);
        out += ",";
        if (const auto wait = t.actual_wait_s()) out += std::to_string(std::lround(*wait));
        out += "," + to_string(t.outcome) + "\n";
    }
    return out;
}

}  // namespace guichet::simulate
