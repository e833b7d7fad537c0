#include "controller/regulation/admission.h"

#include <cmath>
#include <cstdio>

namespace guichet::regulation {
namespace {

using std::chrono::seconds;

constexpr seconds kReturnRounding{std::chrono::minutes(5)};

struct LocalParts {
    std::chrono::year_month_day date;
    int hour = 0;
    int minute = 0;
};

LocalParts local(Time t, seconds utc_offset) {
    const auto local = t + utc_offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    return {std::chrono::year_month_day{day}, static_cast<int>(minutes / 60),
            static_cast<int>(minutes % 60)};
}

std::string two_digits(int n) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%02d", n % 100);
    return buffer;
}

// "à 8 h 30" today, "le 24/11 à 8 h 30" another day.
Sentence when(Time t, Time now, seconds utc_offset) {
    const LocalParts at = local(t, utc_offset);
    if (at.date == local(now, utc_offset).date) {
        return {"à " + french_clock(t, utc_offset), "at " + english_clock(t, utc_offset)};
    }
    const std::string day = two_digits(static_cast<int>(unsigned(at.date.day()))) + "/" +
                            two_digits(static_cast<int>(unsigned(at.date.month())));
    return {"le " + day + " à " + french_clock(t, utc_offset),
            "on " + day + " at " + english_clock(t, utc_offset)};
}

std::string duration_fr(seconds d) {
    const long minutes = std::lround(static_cast<double>(d.count()) / 60);
    if (minutes < 60) return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h " + two_digits(static_cast<int>(minutes % 60));
}

Admission refuse(Verdict verdict, std::string code, Sentence message) {
    Admission a;
    a.verdict = verdict;
    a.code = std::move(code);
    a.message = std::move(message);
    return a;
}

void add_next_opening(Admission& a, const AdmissionRequest& r) {
    a.other_channels = r.other_channels;
    if (!r.next_opening) return;
    a.next_opening = r.next_opening;
    const Sentence at = when(*r.next_opening, r.now, r.utc_offset);
    a.advice = {"Prochaine ouverture " + at.fr + ".", "Next opening " + at.en + "."};
}

}  // namespace

std::string french_clock(Time t, seconds utc_offset) {
    const LocalParts at = local(t, utc_offset);
    return std::to_string(at.hour) + " h " + two_digits(at.minute);
}

std::string english_clock(Time t, seconds utc_offset) {
    const LocalParts at = local(t, utc_offset);
    return std::to_string(at.hour) + ":" + two_digits(at.minute);
}

bool past_cutoff(const AdmissionRequest& r, const AdmissionRules& rules) {
    if (!r.closing || !r.estimate.call_at) return false;
    const double end =
        static_cast<double>((*r.estimate.call_at - r.now).count()) + r.mean_service_s;
    const double last = static_cast<double>((*r.closing - rules.cutoff_margin - r.now).count());
    return end > last;
}

Admission admit(const AdmissionRequest& r, const AdmissionRules& rules) {
    if (r.closing && r.now >= *r.closing) {
        Admission a = refuse(Verdict::service_closed, "service_closed",
                             {"Ce service est fermé.", "This service is closed."});
        add_next_opening(a, r);
        return a;
    }
    if (past_cutoff(r, rules)) {
        const std::string fr = french_clock(*r.closing, r.utc_offset);
        const std::string en = english_clock(*r.closing, r.utc_offset);
        Admission a =
            refuse(Verdict::cutoff, "cutoff",
                   {"Nous ne pourrons plus vous recevoir avant la fermeture de " + fr + ".",
                    "We can no longer see you before closing time (" + en + ")."});
        add_next_opening(a, r);
        return a;
    }
    if (rules.daily_quota && r.issued_today >= *rules.daily_quota) {
        Admission a = refuse(Verdict::quota_reached, "quota_reached",
                             {"Tous les tickets du jour pour ce service ont été distribués.",
                              "All of today's tickets for this service have been issued."});
        add_next_opening(a, r);
        return a;
    }
    if (r.capacity > 0 && r.occupancy >= r.capacity) {
        Admission a = refuse(Verdict::capacity_full, "capacity_full",
                             {"La salle d'attente est pleine.", "The waiting room is full."});
        if (r.place_frees_at) {
            a.place_frees_at = r.place_frees_at;
            a.advice = {"Une place devrait se libérer vers " +
                            french_clock(*r.place_frees_at, r.utc_offset) + ".",
                        "A place should free up around " +
                            english_clock(*r.place_frees_at, r.utc_offset) + "."};
        }
        return a;
    }
    Admission a;
    if (rules.return_after && r.estimate.wait && *r.estimate.wait > *rules.return_after) {
        // Rounded down to five local minutes, never before now: better early than late.
        const Time early = *r.estimate.call_at - rules.return_early;
        const auto local_early = early + r.utc_offset;
        const Time rounded = std::chrono::floor<seconds>(
            std::chrono::floor<std::chrono::minutes>(local_early) -
            (std::chrono::floor<std::chrono::minutes>(local_early).time_since_epoch() %
             kReturnRounding) -
            r.utc_offset);
        a.return_at = std::max(r.now, rounded);
        a.message = {
            "Attente estimée : " + duration_fr(*r.estimate.wait) + ". Vous pouvez revenir vers " +
                french_clock(*a.return_at, r.utc_offset) + " : vous gardez votre place.",
            "Estimated wait: " + duration_fr(*r.estimate.wait) + ". You may come back around " +
                english_clock(*a.return_at, r.utc_offset) + " and keep your place."};
    }
    return a;
}

}  // namespace guichet::regulation
