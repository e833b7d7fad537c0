// Renderers: CSV parsed back, JSON checked against docs/report.schema.json, HTML self-contained,
// and the HTML opened in real headless Chromium when it is installed.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "controller/config/site_time.h"
#include "controller/report/render.h"
#include "controller/report/report_json.h"
#include "tests/report/fixture.h"
#include "tests/support/temp_dir.h"

using namespace guichet;
using report::CsvDialect;
using report::Lang;

namespace {

report::DailyReport fixture_report() {
    test::TempDir dir("render");
    store::EventStore store((dir / "log.db").string());
    test::write_fixture_day(store);
    auto log = report::load_records(store.database(), test::kFixtureDay, test::kFixtureDay);
    return report::compute_daily(test::fixture_site(), config::find_zone("Europe/Paris"),
                                 test::kFixtureDay, log.records, log.requests);
}

using Rows = std::vector<std::vector<std::string>>;

// RFC 4180 reader (quoted fields, doubled quotes, CRLF) with a chosen separator.
Rows parse_csv(const std::string& text, char sep) {
    Rows rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                rows.back().back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                rows.back().back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            rows.back().emplace_back();
        } else if (c == '\r') {
        } else if (c == '\n') {
            rows.emplace_back(1);
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back() == std::vector<std::string>(1)) rows.pop_back();
    return rows;
}

// The rows of the block titled `title` (after its title line), up to the next empty line.
Rows block(const Rows& rows, const std::string& title) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].size() != 1 || rows[i][0] != title) continue;
        Rows out;
        for (std::size_t k = i + 1; k < rows.size() && rows[k] != std::vector<std::string>(1); ++k)
            out.push_back(rows[k]);
        return out;
    }
    return {};
}

// The subset of JSON Schema the report schema uses: type, required, properties, items, $ref,
// const, enum. Returns the first problem found ("" when valid).
std::string validate(const nlohmann::json& v, const nlohmann::json& schema,
                     const nlohmann::json& root, const std::string& where) {
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"];  // "#/$defs/name"
        return validate(v, root.at(nlohmann::json::json_pointer(ref.substr(1))), root, where);
    }
    if (schema.contains("type")) {
        const std::string t = schema["type"];
        const bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
                        (t == "string" && v.is_string()) ||
                        (t == "integer" && v.is_number_integer()) ||
                        (t == "number" && v.is_number()) || (t == "boolean" && v.is_boolean());
        if (!ok) return where + ": not " + t;
    }
    if (schema.contains("const") && v != schema["const"]) return where + ": not the constant";
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end())
        return where + ": not in enum";
    if (schema.contains("required"))
        for (const auto& key : schema["required"])
            if (!v.contains(key.get<std::string>()))
                return where + ": missing " + key.get<std::string>();
    if (schema.contains("properties"))
        for (const auto& [key, sub] : schema["properties"].items())
            if (v.contains(key))
                if (auto e = validate(v[key], sub, root, where + "/" + key); !e.empty()) return e;
    if (schema.contains("items") && v.is_array())
        for (std::size_t i = 0; i < v.size(); ++i)
            if (auto e = validate(v[i], schema["items"], root, where + "/" + std::to_string(i));
                !e.empty())
                return e;
    return "";
}

nlohmann::json report_schema() {
    return nlohmann::json::parse(
        test::read_file(std::filesystem::path(GUICHET_SOURCE_DIR) / "docs/report.schema.json"));
}

}  // namespace

TEST_CASE("The commitment sentence rounds down and counts the gaps, in French and English") {
    report::Commitment c{1200, 200, 186, 93.0, 14};
    CHECK(report::commitment_sentence(c, Lang::fr) ==
          "Objectif : 100 % des usagers appelés en moins de 20 min — réalisé : 93 % ; 14 écarts "
          "analysés ci-dessous");
    CHECK(report::commitment_sentence(c, Lang::en) ==
          "Goal: 100 % of visitors called within 20 min — achieved: 93 %; 14 gaps analysed below");
    report::Commitment almost{1200, 1000, 999, 99.9, 1};
    CHECK(report::commitment_sentence(almost, Lang::fr).find("réalisé : 99 % ; 1 écart analysé") !=
          std::string::npos);
    report::Commitment all{0, 10, 10, 100, 0};
    CHECK(report::commitment_sentence(all, Lang::fr) ==
          "Objectif : 100 % des usagers appelés dans le délai cible de leur service — réalisé : "
          "100 % ; aucun écart");
}

TEST_CASE("French CSV has a BOM, semicolons and decimal commas, and parses back to the figures") {
    const std::string csv = report::render_csv(fixture_report(), Lang::fr, CsvDialect::fr);
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    const Rows rows = parse_csv(csv.substr(3), ';');
    const Rows summary = block(rows, "Synthèse");
    REQUIRE(summary.size() >= 5);
    CHECK(summary[0] == std::vector<std::string>{"Indicateur", "Valeur"});
    CHECK(summary[1] == std::vector<std::string>{"Tickets délivrés (visiteurs)", "13"});
    const Rows services = block(rows, "Par service");
    REQUIRE(services.size() == 3);
    CHECK(services[0][0] == "Service");
    CHECK(services[1][0] == "État civil");
    CHECK(services[1][1] == "9");
    CHECK(services[1][4] == "8,9");  // 3720 s / 7 = 8.857 min
    CHECK(services[1][9] == "75,0");
    CHECK(services[1][13] == "2,0");  // estimate error 120 s
    const Rows gaps = block(rows, "Écarts à l'objectif, par cause");
    REQUIRE(gaps.size() == 5);
    CHECK(gaps[1][1] == "B002");
    CHECK(gaps[4][4] == "non appelé");
    for (const auto& r : block(rows, "Au fil de la journée (par 15 min)")) CHECK(r.size() == 6);
}

TEST_CASE("English CSV dialect uses ',' and decimal points, quoting fields that hold commas") {
    auto r = fixture_report();
    r.site_name = "Mairie, \"annexe\"";
    const std::string csv = report::render_csv(r, Lang::en, CsvDialect::en);
    const Rows rows = parse_csv(csv.substr(3), ',');
    const Rows services = block(rows, "Per service");
    REQUIRE(services.size() == 3);
    CHECK(services[1][0] == "Civil status");
    CHECK(services[1][9] == "75.0");
    CHECK(rows[0][0] == "Waiting report for 2026-11-23 — Mairie, \"annexe\"");
}

TEST_CASE("JSON has every field the documented schema requires, and round-trips") {
    const auto r = fixture_report();
    const auto j = nlohmann::json::parse(report::render_json(r));
    const auto schema = report_schema();
    CHECK(validate(j, schema, schema, "") == "");
    CHECK(j.get<report::DailyReport>().commitment.gaps == 4);
    CHECK(nlohmann::json(j.get<report::DailyReport>()) == j);
    auto broken = j;
    broken["services"][0].erase("wait");
    CHECK(validate(broken, schema, schema, "") == "/services/0: missing wait");
}

TEST_CASE("Text report states the commitment and aligns the tables") {
    const std::string text = report::render_text(fixture_report(), Lang::fr);
    CHECK(text.find("Objectif : 100 % des usagers appelés en moins de 20 min — réalisé : 66 % ; "
                    "4 écarts analysés ci-dessous") != std::string::npos);
    CHECK(text.find("Guichets en pause : 1 ticket(s). Alerte « Attente titres > 20 min » levée "
                    "à 09:50, résolue en 10 min.") != std::string::npos);
}

TEST_CASE("HTML is one self-contained file: no script, no external URL, print CSS for A4") {
    const std::string html = report::render_html(fixture_report(), Lang::fr);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    const std::regex url("https?://");
    std::string without_svg_ns = html;
    const std::string ns = "http://www.w3.org/2000/svg";
    for (auto p = without_svg_ns.find(ns); p != std::string::npos; p = without_svg_ns.find(ns))
        without_svg_ns.erase(p, ns.size());
    CHECK_FALSE(std::regex_search(without_svg_ns, url));
    CHECK(html.find("@page{size:A4") != std::string::npos);
    CHECK(html.find("<html lang=\"fr\">") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(report::render_html(fixture_report(), Lang::en).find("Per counter") != std::string::npos);
}

TEST_CASE("HTML report opens in headless Chromium without console errors") {
    if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
        WARN("chromium is not installed (apt-get install -y chromium): HTML not opened");
        return;
    }
    test::TempDir dir("chromium");
    const auto page = dir / "rapport.html";
    test::write_file(page, report::render_html(fixture_report(), Lang::fr));
    const auto shot = dir / "rapport.png";
    const std::string command =
        "chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run --enable-logging=stderr --v=0 "
        "--user-data-dir=" +
        (dir / "profile").string() + " --screenshot=" + shot.string() +
        " --window-size=1200,2000 file://" + page.string() + " > " + (dir / "log").string() +
        " 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string log = test::read_file(dir / "log");
    INFO(log);
    CHECK(log.find("Uncaught") == std::string::npos);
    CHECK(log.find("CONSOLE") == std::string::npos);
    CHECK(std::filesystem::file_size(shot) > 10000);
    // For review by eye: GUICHET_KEEP_SCREENSHOT=/tmp/r.png keeps /tmp/r.png and /tmp/r.png.html.
    if (const char* keep = std::getenv("GUICHET_KEEP_SCREENSHOT")) {
        const auto overwrite = std::filesystem::copy_options::overwrite_existing;
        std::filesystem::copy_file(shot, keep, overwrite);
        std::filesystem::copy_file(page, std::string(keep) + ".html", overwrite);
    }
}
