#include "controller/evidence/evidence.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "controller/config/site_time.h"
#include "controller/report/archive.h"
#include "controller/report/render.h"
#include "controller/report/report_json.h"

namespace guichet::evidence {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kLookahead = 32;  // how far a moved event is looked for
constexpr const char* kFormat = "guichet-evidence/1";

std::string n(std::int64_t v) {
    return std::to_string(v);
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_all(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("écriture impossible : " + p.string());
}

std::string column_text(const SQLite::Column& c) {
    return c.isNull() ? std::string() : c.getString();
}

HashedRow hashed_row(SQLite::Statement& s) {
    HashedRow h;
    h.row.seq = s.getColumn(0).getInt64();
    h.row.at = s.getColumn(1).getInt64();
    h.row.day = column_text(s.getColumn(2));
    h.row.type = column_text(s.getColumn(3));
    h.row.ticket = column_text(s.getColumn(4));
    h.row.service = column_text(s.getColumn(5));
    h.row.counter = column_text(s.getColumn(6));
    h.row.device = column_text(s.getColumn(7));
    h.row.request_id = column_text(s.getColumn(8));
    h.row.data = column_text(s.getColumn(9));
    h.hash = column_text(s.getColumn(10));
    return h;
}

const char* kRowColumns =
    "seq, at, day, type, ticket, service, counter, device, request_id, data, hash";

json row_json(const HashedRow& h) {
    return {{"seq", h.row.seq},         {"at", h.row.at},         {"day", h.row.day},
            {"type", h.row.type},       {"ticket", h.row.ticket}, {"service", h.row.service},
            {"counter", h.row.counter}, {"device", h.row.device}, {"request_id", h.row.request_id},
            {"data", h.row.data},       {"hash", h.hash}};
}

HashedRow row_from_json(const json& j) {
    HashedRow h;
    h.row.seq = j.value("seq", std::int64_t{0});
    h.row.at = j.value("at", std::int64_t{0});
    h.row.day = j.value("day", "");
    h.row.type = j.value("type", "");
    h.row.ticket = j.value("ticket", "");
    h.row.service = j.value("service", "");
    h.row.counter = j.value("counter", "");
    h.row.device = j.value("device", "");
    h.row.request_id = j.value("request_id", "");
    h.row.data = j.value("data", "");
    h.hash = j.value("hash", "");
    return h;
}

report::Record record_of(const HashedRow& h) {
    const json data = json::parse(h.row.data, nullptr, false);
    return report::record_from_row(h.row.seq, engine::Time(std::chrono::seconds(h.row.at)),
                                   h.row.day, h.row.type, h.row.ticket, h.row.service,
                                   h.row.counter, data.is_discarded() ? json() : data);
}

// The first differing field of two report JSONs, as a JSON pointer.
std::string first_difference(const json& expected, const json& found) {
    const json patch = json::diff(found, expected);
    return patch.empty() ? "" : patch[0].value("path", "");
}

std::string hash_before(SQLite::Database& db, std::int64_t seq) {
    SQLite::Statement q(db, "SELECT hash FROM events WHERE seq < ? ORDER BY seq DESC LIMIT 1");
    q.bind(1, seq);
    if (q.executeStep()) return q.getColumn(0).getString();
    SQLite::Statement a(db, "SELECT hash FROM chain_anchor LIMIT 1");
    return a.executeStep() ? a.getColumn(0).getString() : store::kChainStart;
}

const date::time_zone* zone_of(const config::SiteConfig& site) {
    const date::time_zone* zone = config::find_zone(site.timezone);
    if (!zone) throw std::runtime_error("fuseau horaire inconnu : " + site.timezone);
    return zone;
}

}  // namespace

// ---- the chain ----

ChainChecker::ChainChecker(store::ChainAnchor anchor)
    : expected_seq_(anchor.seq + 1), expected_prev_(std::move(anchor.hash)) {}

void ChainChecker::feed(HashedRow row) {
    window_.push_back(std::move(row));
    if (window_.size() > kLookahead) check_front();
}

void ChainChecker::check_front() {
    if (window_.front().row.seq != expected_seq_) {
        auto later = std::find_if(window_.begin() + 1, window_.end(),
                                  [&](const HashedRow& r) { return r.row.seq == expected_seq_; });
        if (later != window_.end() && window_.front().row.seq > expected_seq_) {
            problems_.push_back({"reordered", expected_seq_,
                                 "événement n° " + n(expected_seq_) +
                                     " placé après l'événement n° " + n(window_.front().row.seq) +
                                     " : ordre modifié"});
            std::rotate(window_.begin(), later, later + 1);
        } else if (window_.front().row.seq < expected_seq_) {
            problems_.push_back({"reordered", window_.front().row.seq,
                                 "événement n° " + n(window_.front().row.seq) +
                                     " placé après l'événement n° " + n(expected_seq_ - 1) +
                                     " : ordre modifié"});
            window_.erase(window_.begin());
            return;
        } else {
            const std::int64_t last = window_.front().row.seq - 1;
            problems_.push_back(
                {"missing", expected_seq_,
                 (last == expected_seq_
                      ? "événement n° " + n(expected_seq_) + " manquant"
                      : "événements n° " + n(expected_seq_) + " à " + n(last) + " manquants")});
            resync_ = true;  // the next event chains to a hash we no longer have
        }
    }
    const HashedRow r = window_.front();
    window_.erase(window_.begin());
    expected_seq_ = r.row.seq + 1;
    last_checked_seq_ = r.row.seq;
    checked_++;

    auto moved = std::find_if(moved_.begin(), moved_.end(),
                              [&](const auto& m) { return m.first == r.row.seq; });
    if (moved != moved_.end()) {  // the other half of a swap, already named
        expected_prev_ = moved->second;
        moved_.erase(moved);
        return;
    }
    if (resync_) {
        resync_ = false;
        expected_prev_ = r.hash;
        return;
    }
    if (store::chain_hash(expected_prev_, r.row) == r.hash) {
        expected_prev_ = r.hash;
        return;
    }
    // An event whose content and hash sit at another seq: two events swapped in place.
    for (const HashedRow& other : window_) {
        store::ChainRow here = other.row;
        here.seq = r.row.seq;
        if (store::chain_hash(expected_prev_, here) != other.hash) continue;
        problems_.push_back({"reordered", r.row.seq,
                             "événements n° " + n(r.row.seq) + " et n° " + n(other.row.seq) +
                                 " intervertis : ordre modifié"});
        expected_prev_ = other.hash;
        // At the other position, the true hash of the chain is the one stored here.
        moved_.emplace_back(other.row.seq, r.hash);
        return;
    }
    const bool next_chains =
        !window_.empty() && store::chain_hash(r.hash, window_.front().row) == window_.front().hash;
    if (next_chains || window_.empty()) {
        problems_.push_back({"altered", r.row.seq,
                             "événement n° " + n(r.row.seq) +
                                 " modifié : son contenu ne correspond plus à son empreinte"});
    } else {
        problems_.push_back({"hash_rewritten", r.row.seq,
                             "événement n° " + n(r.row.seq) +
                                 " modifié et son empreinte recalculée : la chaîne est rompue"});
        resync_ = true;
    }
    expected_prev_ = r.hash;
}

std::vector<Problem> ChainChecker::finish(std::int64_t last_seq, const std::string& head) {
    while (!window_.empty()) check_front();
    if (last_seq > 0 && last_checked_seq_ < last_seq) {
        problems_.push_back({"truncated", last_checked_seq_ + 1,
                             "événements n° " + n(last_checked_seq_ + 1) + " à " + n(last_seq) +
                                 " manquants en fin de journal"});
    } else if (!head.empty() && expected_prev_ != head) {
        problems_.push_back({"anchor", last_checked_seq_,
                             "la dernière empreinte ne correspond pas à celle du manifeste"});
    }
    return problems_;
}

// ---- export ----

ExportResult export_evidence(const config::SiteConfig& site, const std::string& config_path,
                             const std::string& store_path, const std::string& from,
                             const std::string& to, const std::string& out_dir) {
    const auto days = report::days_between(from, to);
    if (days.empty()) throw std::invalid_argument("période vide : " + from + " → " + to);
    const date::time_zone* zone = zone_of(site);
    SQLite::Database db = report::open_for_reading(store_path);
    const fs::path out(out_dir);
    fs::create_directories(out / "reports");
    ExportResult result;

    SQLite::Statement range(db, "SELECT MIN(seq), MAX(seq) FROM events WHERE day BETWEEN ? AND ?");
    range.bind(1, from);
    range.bind(2, to);
    range.executeStep();
    const std::int64_t first = range.getColumn(0).isNull() ? 0 : range.getColumn(0).getInt64();
    const std::int64_t last = range.getColumn(1).isNull() ? 0 : range.getColumn(1).getInt64();
    const std::string anchor = first ? hash_before(db, first) : store::kChainStart;

    std::ostringstream events;
    std::string head = anchor;
    SQLite::Statement rows(db, std::string("SELECT ") + kRowColumns +
                                   " FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq");
    rows.bind(1, first);
    rows.bind(2, last);
    while (rows.executeStep()) {
        const HashedRow h = hashed_row(rows);
        events << row_json(h).dump() << "\n";
        head = h.hash;
        result.events++;
    }
    write_all(out / "events.jsonl", events.str());

    std::ostringstream requests;
    SQLite::Statement req(db,
                          "SELECT device, request_id, at, day, op, ok, error FROM requests"
                          " WHERE day BETWEEN ? AND ? ORDER BY at, rowid");
    req.bind(1, from);
    req.bind(2, to);
    while (req.executeStep())
        requests << json{{"device", req.getColumn(0).getString()},
                         {"request_id", req.getColumn(1).getString()},
                         {"at", req.getColumn(2).getInt64()},
                         {"day", req.getColumn(3).getString()},
                         {"op", req.getColumn(4).getString()},
                         {"ok", req.getColumn(5).getInt() != 0},
                         {"error", column_text(req.getColumn(6))}}
                        .dump()
                 << "\n";
    write_all(out / "requests.jsonl", requests.str());
    write_all(out / "site.toml", read_all(config_path));

    json manifest = {{"format", kFormat},
                     {"site", site.id},
                     {"from", from},
                     {"to", to},
                     {"first_seq", first},
                     {"last_seq", last},
                     {"events", result.events},
                     {"anchor_hash", anchor},
                     {"head_hash", head},
                     {"days", json::array()},
                     {"files", json::object()}};
    std::vector<std::string> files = {"events.jsonl", "requests.jsonl", "site.toml"};
    for (const std::string& day : days) {
        const report::DailyReport r = report::daily_report(db, site, zone, day);
        write_all(out / "reports" / (day + ".json"), report::render_json(r));
        write_all(out / "reports" / (day + ".html"), report::render_html(r, report::Lang::fr));
        files.push_back("reports/" + day + ".json");
        files.push_back("reports/" + day + ".html");
        manifest["days"].push_back({{"day", day},
                                    {"first_seq", r.first_seq},
                                    {"last_seq", r.last_seq},
                                    {"achieved_pct", r.commitment.achieved_pct},
                                    {"gaps", r.commitment.gaps},
                                    {"from_events", r.events > 0}});
        result.days++;
    }
    for (const std::string& f : files) manifest["files"][f] = store::sha256_hex(read_all(out / f));
    write_all(out / "manifest.json", manifest.dump(2) + "\n");
    result.head_hash = head;
    return result;
}

// ---- verification ----

Verification verify_export(const std::string& dir) {
    Verification v;
    const fs::path root(dir);
    if (!fs::exists(root / "manifest.json")) {
        v.problems.push_back({"file_missing", 0, "manifest.json absent de " + dir});
        return v;
    }
    const json manifest = json::parse(read_all(root / "manifest.json"));
    if (manifest.value("format", "") != kFormat)
        v.problems.push_back({"file_altered", 0, "manifest.json : format inconnu"});
    for (const auto& [name, hash] : manifest.at("files").items()) {
        if (!fs::exists(root / name)) {
            v.problems.push_back({"file_missing", 0, "fichier absent : " + name});
        } else if (store::sha256_hex(read_all(root / name)) != hash.get<std::string>()) {
            v.problems.push_back({"file_altered", 0, "fichier modifié depuis l'export : " + name});
        }
    }

    ChainChecker chain({manifest.value("first_seq", std::int64_t{1}) - 1,
                        manifest.value("anchor_hash", store::kChainStart)});
    std::vector<report::Record> records;
    std::istringstream events(read_all(root / "events.jsonl"));
    for (std::string line; std::getline(events, line);) {
        if (line.empty()) continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            v.problems.push_back({"altered", 0, "ligne illisible dans events.jsonl : " + line});
            continue;
        }
        HashedRow h = row_from_json(j);
        records.push_back(record_of(h));
        chain.feed(std::move(h));
    }
    auto chain_problems =
        chain.finish(manifest.value("last_seq", std::int64_t{0}), manifest.value("head_hash", ""));
    v.events = chain.checked();
    v.problems.insert(v.problems.end(), chain_problems.begin(), chain_problems.end());
    // Figures are recomputed from the events in log order, whatever the file's order.
    std::stable_sort(records.begin(), records.end(),
                     [](const auto& a, const auto& b) { return a.seq < b.seq; });

    std::map<std::string, std::vector<report::Record>> records_by_day;
    for (report::Record& r : records) records_by_day[r.day].push_back(std::move(r));
    records.clear();

    std::map<std::string, std::vector<report::Request>> requests;
    std::istringstream req(read_all(root / "requests.jsonl"));
    for (std::string line; std::getline(req, line);) {
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        requests[j.value("day", "")].push_back(
            {j.value("device", ""), j.value("request_id", ""),
             engine::Time(std::chrono::seconds(j.value("at", std::int64_t{0}))), j.value("day", ""),
             j.value("op", ""), j.value("ok", true), j.value("error", "")});
    }
    auto loaded = config::load_site_config((root / "site.toml").string());
    if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
        v.problems.push_back({"file_altered", 0, "site.toml illisible : " + err->message()});
        return v;
    }
    const auto& site = std::get<config::SiteConfig>(loaded);
    const date::time_zone* zone = zone_of(site);
    for (const auto& d : manifest.at("days")) {
        const std::string day = d.at("day");
        if (!d.value("from_events", true)) continue;  // an aggregate kept after a purge
        const fs::path file = root / "reports" / (day + ".json");
        if (!fs::exists(file)) continue;  // already named as a missing file
        const json expected =
            report::compute_daily(site, zone, day, records_by_day[day], requests[day]);
        const json found = json::parse(read_all(file), nullptr, false);
        v.days++;
        if (found != expected)
            v.problems.push_back({"figures_differ", 0,
                                  "rapport du " + day +
                                      " : les chiffres ne sont pas ceux que donnent les "
                                      "événements (champ " +
                                      first_difference(expected, found) + ")"});
    }
    return v;
}

Verification verify_store(const std::string& store_path) {
    Verification v;
    SQLite::Database db = report::open_for_reading(store_path);
    store::ChainAnchor anchor;
    {
        SQLite::Statement a(db, "SELECT seq, hash FROM chain_anchor LIMIT 1");
        if (a.executeStep()) anchor = {a.getColumn(0).getInt64(), a.getColumn(1).getString()};
    }
    ChainChecker chain(anchor);
    SQLite::Statement rows(db, std::string("SELECT ") + kRowColumns + " FROM events ORDER BY seq");
    while (rows.executeStep()) chain.feed(hashed_row(rows));
    // The saved daily aggregates name the last event of their day and its hash.
    std::int64_t last_saved = 0;
    std::vector<std::pair<std::int64_t, std::string>> saved;
    const bool archive =
        db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name = 'daily_reports'").getInt() >
        0;
    if (archive) {
        SQLite::Statement q(db,
                            "SELECT last_seq, chain_hash FROM daily_reports WHERE last_seq > 0");
        while (q.executeStep()) {
            saved.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
            last_saved = std::max(last_saved, saved.back().first);
        }
    }
    v.problems = chain.finish(last_saved);
    v.events = chain.checked();
    for (const auto& [seq, hash] : saved) {
        SQLite::Statement q(db, "SELECT hash FROM events WHERE seq = ?");
        q.bind(1, seq);
        if (q.executeStep() && q.getColumn(0).getString() != hash)
            v.problems.push_back({"anchor", seq,
                                  "l'empreinte de l'événement n° " + n(seq) +
                                      " ne correspond plus au rapport quotidien enregistré"});
    }
    return v;
}

// ---- retention ----

PurgeResult purge_old_events(const config::SiteConfig& site, const std::string& store_path,
                             const std::string& today, int keep_days) {
    if (keep_days < 1) throw std::invalid_argument("durée de conservation < 1 jour");
    const date::time_zone* zone = zone_of(site);
    const auto parsed = report::parse_day(today);
    if (!parsed) throw std::invalid_argument("date invalide (AAAA-MM-JJ) : " + today);
    const date::sys_days t = *parsed;
    PurgeResult result;
    result.first_kept_day = date::format("%F", t - date::days(keep_days));

    store::EventStore store(store_path);
    auto& db = store.database();
    report::ensure_archive(db);
    std::string oldest;
    {
        SQLite::Statement q(db, "SELECT MIN(day) FROM events WHERE day < ?");
        q.bind(1, result.first_kept_day);
        if (q.executeStep() && !q.getColumn(0).isNull()) oldest = q.getColumn(0).getString();
    }
    if (oldest.empty()) return result;
    const std::string last_purged = date::format("%F", t - date::days(keep_days + 1));
    for (const std::string& day : report::days_between(oldest, last_purged)) {
        const report::DailyReport r = report::daily_report(db, site, zone, day);
        if (r.events == 0) continue;
        SQLite::Statement h(db, "SELECT hash FROM events WHERE seq = ?");
        h.bind(1, r.last_seq);
        h.executeStep();
        report::save_daily(db, r, h.getColumn(0).getString());
        result.days_saved++;
    }
    SQLite::Statement first_kept(db, "SELECT COALESCE(MIN(seq), ?) FROM events WHERE day >= ?");
    first_kept.bind(1, store.last_seq() + 1);
    first_kept.bind(2, result.first_kept_day);
    first_kept.executeStep();
    const std::int64_t first_kept_seq = first_kept.getColumn(0).getInt64();

    const engine::Time now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    store::Entry entry;
    entry.device = "controller";
    entry.op = "retention.purge";
    entry.at = now;
    entry.day = config::format_local_date(zone, now);
    entry.notes.push_back({"retention.purged",
                           {{"before_day", result.first_kept_day},
                            {"before_seq", first_kept_seq},
                            {"keep_days", keep_days},
                            {"days_saved", result.days_saved}}});
    result.events_removed = store.purge_before(first_kept_seq, result.first_kept_day, entry);
    return result;
}

// ---- command line ----

namespace {

std::variant<config::SiteConfig, int> load(const std::string& path) {
    auto loaded = config::load_site_config(path);
    if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
        std::cerr << err->message() << "\n";
        return 2;
    }
    return std::get<config::SiteConfig>(loaded);
}

}  // namespace

int run_evidence(const EvidenceArgs& args) {
    try {
        auto site = load(args.config_path);
        if (auto* code = std::get_if<int>(&site)) return *code;
        const auto& s = std::get<config::SiteConfig>(site);
        const std::string store = args.store.empty() ? s.store_path : args.store;
        const auto r = export_evidence(s, args.config_path, store, args.from,
                                       args.to.empty() ? args.from : args.to, args.out);
        std::cout << "Preuves exportées dans " << args.out << " : " << r.events << " événements, "
                  << r.days << " rapports quotidiens ; dernière empreinte " << r.head_hash << "\n";
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "guichet evidence : " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "guichet evidence : " << e.what() << "\n";
        return 1;
    }
}

int run_verify(const std::string& target) {
    try {
        const bool folder = fs::is_directory(target);
        if (!folder && !fs::exists(target)) {
            std::cerr << "guichet verify : introuvable : " << target << "\n";
            return 2;
        }
        const Verification v = folder ? verify_export(target) : verify_store(target);
        for (const Problem& p : v.problems)
            std::cout << "ÉCART " << p.kind << " : " << p.message << "\n";
        std::cout << (v.ok() ? "Vérification réussie : " : "Vérification en échec : ") << v.events
                  << " événements contrôlés, " << v.days << " rapports recalculés, "
                  << v.problems.size() << " problème(s).\n";
        return v.ok() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "guichet verify : " << e.what() << "\n";
        return 1;
    }
}

int run_purge(const PurgeArgs& args) {
    try {
        auto site = load(args.config_path);
        if (auto* code = std::get_if<int>(&site)) return *code;
        const auto& s = std::get<config::SiteConfig>(site);
        const std::string today =
            args.today.empty() ? config::format_local_date(
                                     zone_of(s), std::chrono::time_point_cast<std::chrono::seconds>(
                                                     std::chrono::system_clock::now()))
                               : args.today;
        const auto r = purge_old_events(s, args.store.empty() ? s.store_path : args.store, today,
                                        args.keep_days);
        std::cout << r.events_removed << " événements antérieurs au " << r.first_kept_day
                  << " supprimés ; " << r.days_saved << " rapports quotidiens conservés.\n";
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "guichet purge : " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "guichet purge : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace guichet::evidence
