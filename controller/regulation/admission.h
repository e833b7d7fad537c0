// Admission on ticket.take: may this visitor have a ticket now, and with what
// promise?
//
// Contract: pure; the caller passes the clock, today's closing time for the
// service (from the opening hours in the site's time zone), the predictor's
// estimate for a new ticket and the room's occupancy. Refusals are, in this
// order: the service is closed; the cut-off (the estimated call plus the mean
// service would end after closing minus the margin); the daily quota; the
// waiting room is full; a refusal says why (message) and what to do instead
// (advice: the next opening, or when a place frees up). A ticket whose estimate exceeds the
// return threshold
// carries a return time ("revenez vers 11 h 20"): the visitor may leave and keeps the place.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "controller/regulation/predictor.h"

namespace guichet::regulation {

struct Sentence {
    std::string fr;
    std::string en;
};

struct AdmissionRules {  // one service
    std::chrono::seconds cutoff_margin{0};
    std::optional<int> daily_quota;                    // tickets per local day
    std::optional<std::chrono::seconds> return_after;  // estimates above this get a return time
    std::chrono::seconds return_early{std::chrono::minutes(10)};  // come back this much before
};

struct AdmissionRequest {
    Time now;
    std::chrono::seconds utc_offset{0};  // at the site, now (for the sentences)
    NewTicketEstimate estimate;
    double mean_service_s = 0;
    std::optional<Time> closing;           // of the service today; nullopt = always open
    std::optional<Time> next_opening;      // for the advice
    std::vector<Sentence> other_channels;  // "www.paris.fr/...", "3975", from the config
    int issued_today = 0;                  // tickets of the service issued today
    int capacity = 0;                      // waiting-room places; 0 = not limited
    int occupancy = 0;                     // live tickets, or the door count when sensors report
    std::optional<Time> place_frees_at;    // next_departure() of the predictor
};

enum class Verdict { admitted, service_closed, cutoff, quota_reached, capacity_full };

struct Admission {
    Verdict verdict = Verdict::admitted;
    std::string code;                      // protocol error code; empty when admitted
    Sentence message;                      // why refused, or the return-time sentence
    Sentence advice;                       // refused: what to do instead (empty when nothing)
    std::optional<Time> return_at;         // admitted with a return time
    std::optional<Time> next_opening;      // cutoff / closed: when to come back
    std::optional<Time> place_frees_at;    // capacity_full
    std::vector<Sentence> other_channels;  // cutoff / closed / quota: where else to go
};

Admission admit(const AdmissionRequest& request, const AdmissionRules& rules);

// Whether a service is past its cut-off now: a ticket taken now would be refused
// for that reason (used for the board's `cutoff` state and the alert).
bool past_cutoff(const AdmissionRequest& request, const AdmissionRules& rules);

// "11 h 20" for a local time of day (French style, minutes always two digits).
std::string french_clock(Time t, std::chrono::seconds utc_offset);
std::string english_clock(Time t, std::chrono::seconds utc_offset);  // "11:20"

}  // namespace guichet::regulation
