// Audit evidence: export a period of the log with its daily reports, verify
// such an export or a live store, and purge old ticket-level events.
//
// Contract: verification names every problem it finds (a missing, altered or
// reordered event, an altered file, a figure that differs from what the
// events give) with the event's seq, and never stops at the first one. An
// export is a folder: manifest.json, events.jsonl, requests.jsonl, site.toml,
// reports/<day>.json and .html. purge_old_events() saves the daily aggregates
// of the days it removes first, so period reports and manifests outlive it,
// and logs the purge itself as a "retention.purged" record.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controller/config/site_config.h"
#include "controller/store/event_store.h"

namespace guichet::evidence {

struct Problem {
    std::string kind;      // missing | altered | reordered | hash_rewritten | truncated |
                           // file_altered | file_missing | figures_differ | anchor
    std::int64_t seq = 0;  // the event concerned (0 when none)
    std::string message;   // French sentence naming it
};

struct Verification {
    std::vector<Problem> problems;
    std::int64_t events = 0;  // events checked
    int days = 0;             // daily reports recomputed and compared
    bool ok() const { return problems.empty(); }
};

// A stored event with the hash it carries.
struct HashedRow {
    store::ChainRow row;
    std::string hash;
};

// Checks rows in the order given against the chain that starts at `anchor`.
class ChainChecker {
  public:
    explicit ChainChecker(store::ChainAnchor anchor);
    void feed(HashedRow row);
    // Ends the check; `last_seq`/`head` when known (a manifest), to detect a cut tail.
    std::vector<Problem> finish(std::int64_t last_seq = 0, const std::string& head = "");
    std::int64_t checked() const { return checked_; }

  private:
    void check_front();
    std::vector<HashedRow> window_;  // rows seen but not yet checked (a small look-ahead)
    std::int64_t expected_seq_;
    std::string expected_prev_;
    std::int64_t last_checked_seq_ = 0;
    std::int64_t checked_ = 0;
    std::vector<std::pair<std::int64_t, std::string>> moved_;  // seq -> true hash (swaps)
    bool resync_ = false;
    std::vector<Problem> problems_;
};

struct ExportResult {
    std::int64_t events = 0;
    int days = 0;
    std::string head_hash;
};

// Writes the evidence of local days from..to into out_dir (created).
ExportResult export_evidence(const config::SiteConfig& site, const std::string& config_path,
                             const std::string& store_path, const std::string& from,
                             const std::string& to, const std::string& out_dir);

Verification verify_export(const std::string& dir);
// The chain of a live store, and the saved daily aggregates against it.
Verification verify_store(const std::string& store_path);

struct PurgeResult {
    std::int64_t events_removed = 0;
    int days_saved = 0;
    std::string first_kept_day;
};
// Removes the events of the days before today - keep_days (today: YYYY-MM-DD).
PurgeResult purge_old_events(const config::SiteConfig& site, const std::string& store_path,
                             const std::string& today, int keep_days);

// `guichet evidence`, `guichet verify`, `guichet purge`: 0 ok, 1 failure (or problems
// found), 2 bad arguments. Messages in French on stdout/stderr.
struct EvidenceArgs {
    std::string config_path;
    std::string store;  // default: the config's [store] path
    std::string from;
    std::string to;
    std::string out;
};
int run_evidence(const EvidenceArgs& args);
// `target` is an evidence folder, or a store file (.db) to check live.
int run_verify(const std::string& target);
struct PurgeArgs {
    std::string config_path;
    std::string store;
    std::string today;  // default: the local date now
    int keep_days = 365;
};
int run_purge(const PurgeArgs& args);

}  // namespace guichet::evidence
