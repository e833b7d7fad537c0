#include "controller/report/run_report.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "controller/config/site_time.h"
#include "controller/report/archive.h"
#include "controller/report/render.h"

namespace guichet::report {

namespace {

template <typename Report>
std::string render(const Report& r, const ReportArgs& args) {
    const Lang lang = args.lang == "en" ? Lang::en : Lang::fr;
    if (args.format == "json") return render_json(r);
    if (args.format == "text") return render_text(r, lang);
    if (args.format == "csv")
        return render_csv(r, lang, args.csv_dialect == "en" ? CsvDialect::en : CsvDialect::fr);
    return render_html(r, lang);
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("écriture impossible : " + path);
}

std::string bad_argument(const ReportArgs& args) {
    auto one_of = [](const std::string& v, std::initializer_list<const char*> allowed) {
        for (const char* a : allowed)
            if (v == a) return true;
        return false;
    };
    if (!one_of(args.format, {"html", "csv", "text", "json"}))
        return "format inconnu : " + args.format + " (html, csv, text ou json)";
    if (!one_of(args.lang, {"fr", "en"})) return "langue inconnue : " + args.lang + " (fr ou en)";
    if (!one_of(args.csv_dialect, {"fr", "en"}))
        return "dialecte CSV inconnu : " + args.csv_dialect + " (fr ou en)";
    try {
        if (days_between(args.day, args.to.empty() ? args.day : args.to).empty())
            return "la fin de la période (" + args.to + ") précède son début (" + args.day + ")";
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

int run_report(const ReportArgs& args) {
    if (const std::string problem = bad_argument(args); !problem.empty()) {
        std::cerr << "guichet report : " << problem << "\n";
        return 2;
    }
    try {
        auto loaded = config::load_site_config(args.config_path);
        if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
            std::cerr << err->message() << "\n";
            return 2;
        }
        const auto& site = std::get<config::SiteConfig>(loaded);
        const date::time_zone* zone = config::find_zone(site.timezone);
        const std::string store = args.store.empty() ? site.store_path : args.store;
        if (!std::filesystem::exists(store)) {
            std::cerr << "guichet report : journal introuvable : " << store << "\n";
            return 1;
        }
        SQLite::Database db = report::open_for_reading(store);
        const std::string text =
            args.to.empty()
                ? render(daily_report(db, site, zone, args.day, Detail::full, args.now), args)
                : render(period_report(db, site, zone, args.day, args.to), args);
        if (args.out.empty()) {
            std::cout << text;
        } else {
            write_file(args.out, text);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "guichet report : " << e.what() << "\n";
        return 1;
    }
}

std::vector<std::string> day_report_files(const std::string& folder, const std::string& day,
                                          const std::vector<std::string>& formats) {
    std::vector<std::string> files;
    for (const std::string& format : formats)
        files.push_back(
            (std::filesystem::path(folder) / ("rapport-" + day + "." + format)).string());
    return files;
}

bool write_day_reports(SQLite::Database& db, const config::SiteConfig& site, const std::string& day,
                       const std::string& folder, const std::vector<std::string>& formats) {
    const auto r = save_day(db, site, config::find_zone(site.timezone), day);
    if (!r) return false;
    std::filesystem::create_directories(folder);
    const std::vector<std::string> files = day_report_files(folder, day, formats);
    for (std::size_t i = 0; i < formats.size(); ++i) {
        ReportArgs args;
        args.format = formats[i];
        write_file(files[i] + ".tmp", render(*r, args));
        std::filesystem::rename(files[i] + ".tmp", files[i]);
    }
    return true;
}

}  // namespace guichet::report
