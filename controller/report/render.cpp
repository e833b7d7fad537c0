#include "controller/report/render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "controller/report/report_json.h"

namespace guichet::report {

namespace {

// ---- a report as a document: sections of tables and charts, written three ways ----

struct Cell {
    std::string text;
    std::optional<double> number;  // written with the reader's decimal separator
    int decimals = 0;
};
Cell txt(std::string s) {
    return {std::move(s), std::nullopt, 0};
}
Cell num(double v, int decimals = 0) {
    return {"", v, decimals};
}
Cell minutes(double seconds) {
    return num(seconds / 60.0, 1);
}

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;
};

struct Series {
    std::string name;
    std::vector<double> values;
    bool line = false;  // drawn as a line over the bars
    std::string color;
};

struct Chart {
    std::string title;
    std::vector<std::string> labels;
    std::vector<Series> series;
    std::optional<double> limit;  // a horizontal reference (capacity, target)
    std::string limit_label;
};

struct Heat {
    std::string title;
    std::vector<std::string> rows;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;
    int decimals = 0;
};

struct Section {
    std::string id;  // CSV block name and HTML anchor
    std::string title;
    std::vector<std::string> paragraphs;
    std::optional<Table> table;
    std::vector<Chart> charts;
    std::vector<Heat> heats;
};

struct Document {
    std::string title;
    std::string subtitle;
    std::string lead;  // the commitment sentence
    std::vector<Section> sections;
    std::string footer;
};

const char* tr(Lang lang, const char* fr, const char* en) {
    return lang == Lang::fr ? fr : en;
}

std::string format_number(double v, int decimals, char decimal_mark) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || s == "-0.0") s = s.substr(1);
    std::replace(s.begin(), s.end(), '.', decimal_mark);
    return s;
}

std::string cell_text(const Cell& c, char decimal_mark) {
    return c.number ? format_number(*c.number, c.decimals, decimal_mark) : c.text;
}

char decimal_mark(Lang lang) {
    return lang == Lang::fr ? ',' : '.';
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string time_of(const std::string& iso) {
    return iso.size() >= 16 ? iso.substr(11, 5) : iso;
}

// ---- HTML ----

const char* kStyle = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1e1e1e;margin:24px auto;max-width:1100px;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #1e3a8a;padding-bottom:3px;margin-top:28px}
.sub{color:#555;margin:0 0 16px}.lead{font-size:16px;font-weight:bold;background:#eef2ff;border-left:6px solid #1e3a8a;padding:10px 14px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #c8c8c8;padding:3px 6px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f1f1f1}
figure{margin:10px 0;break-inside:avoid}figcaption{font-weight:bold;margin-bottom:4px}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
footer{margin-top:30px;color:#666;font-size:12px}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}table,figure{break-inside:avoid}.lead{background:none}}
)css";

void html_table(std::ostringstream& out, const Table& t, Lang lang) {
    out << "<table><thead><tr>";
    for (const auto& h : t.header) out << "<th>" << html_escape(h) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (const auto& row : t.rows) {
        out << "<tr>";
        for (const auto& c : row)
            out << (c.number ? "<td class=\"n\">" : "<td>")
                << html_escape(cell_text(c, decimal_mark(lang))) << "</td>";
        out << "</tr>\n";
    }
    out << "</tbody></table>\n";
}

double nice_ceiling(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

void html_chart(std::ostringstream& out, const Chart& c, Lang lang) {
    const double width = 1000, height = 240, left = 48, right = 10, top = 10, bottom = 40;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    double max = c.limit.value_or(0);
    for (const auto& s : c.series)
        for (double v : s.values) max = std::max(max, v);
    const double tick = nice_ceiling(max / 4);  // four gridlines at round values
    max = tick * 4;
    const std::size_t n = c.labels.size();
    const double step = n == 0 ? plot_w : plot_w / static_cast<double>(n);
    auto y = [&](double v) { return top + plot_h - plot_h * v / max; };
    auto f = [](double v) { return format_number(v, 1, '.'); };
    out << "<figure><figcaption>" << html_escape(c.title) << "</figcaption><div class=\"legend\">";
    for (const auto& s : c.series)
        out << "<span><i style=\"background:" << s.color << "\"></i>" << html_escape(s.name)
            << "</span>";
    if (c.limit)
        out << "<span><i style=\"background:#b91c1c\"></i>" << html_escape(c.limit_label)
            << "</span>";
    out << "</div><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << width << ' '
        << height << "\" width=\"100%\" role=\"img\" aria-label=\"" << html_escape(c.title)
        << "\">\n";
    for (int i = 0; i <= 4; ++i) {
        const double v = max * i / 4;
        out << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << f(y(v))
            << "\" y2=\"" << f(y(v)) << "\" stroke=\"#e2e2e2\"/><text x=\"" << left - 6 << "\" y=\""
            << f(y(v) + 4) << "\" font-size=\"11\" text-anchor=\"end\">"
            << format_number(v, v == std::floor(v) ? 0 : 2, decimal_mark(lang)) << "</text>\n";
    }
    std::vector<const Series*> bars, lines;
    for (const auto& s : c.series) (s.line ? lines : bars).push_back(&s);
    const double bar_w = bars.empty() ? 0 : step * 0.8 / static_cast<double>(bars.size());
    for (std::size_t b = 0; b < bars.size(); ++b) {
        for (std::size_t i = 0; i < n && i < bars[b]->values.size(); ++i) {
            const double v = bars[b]->values[i];
            if (v <= 0) continue;
            out << "<rect x=\"" << f(left + step * i + step * 0.1 + bar_w * b) << "\" y=\""
                << f(y(v)) << "\" width=\"" << f(bar_w) << "\" height=\"" << f(top + plot_h - y(v))
                << "\" fill=\"" << bars[b]->color << "\"/>\n";
        }
    }
    for (const Series* s : lines) {
        out << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << s->color << "\" points=\"";
        for (std::size_t i = 0; i < n && i < s->values.size(); ++i)
            out << f(left + step * (i + 0.5)) << ',' << f(y(s->values[i])) << ' ';
        out << "\"/>\n";
    }
    if (c.limit)
        out << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << f(y(*c.limit))
            << "\" y2=\"" << f(y(*c.limit))
            << "\" stroke=\"#b91c1c\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n";
    // About twelve x labels; quarter-hour charts label whole hours only.
    auto is_hour = [](const std::string& l) { return l.size() == 5 && l.substr(2) == ":00"; };
    const bool times = std::all_of(c.labels.begin(), c.labels.end(), [](const std::string& l) {
        return l.size() == 5 && l[2] == ':';
    });
    const std::size_t every = std::max<std::size_t>(1, (n + 11) / 12);
    const int hour_every = n > 48 ? 2 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const bool show =
            times ? is_hour(c.labels[i]) && std::stoi(c.labels[i].substr(0, 2)) % hour_every == 0
                  : i % every == 0;
        if (!show) continue;
        out << "<text x=\"" << f(left + step * (i + 0.5)) << "\" y=\"" << height - bottom + 16
            << "\" font-size=\"11\" text-anchor=\"middle\">" << html_escape(c.labels[i])
            << "</text>\n";
    }
    out << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << top + plot_h
        << "\" y2=\"" << top + plot_h << "\" stroke=\"#333\"/></svg></figure>\n";
}

std::string heat_color(double v, double max) {
    const double t = max <= 0 ? 0 : std::clamp(v / max, 0.0, 1.0);
    const int r = static_cast<int>(255 - t * (255 - 30));
    const int g = static_cast<int>(255 - t * (255 - 58));
    const int b = static_cast<int>(255 - t * (255 - 138));
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
    return buf;
}

void html_heat(std::ostringstream& out, const Heat& h, Lang lang) {
    double max = 0;
    for (const auto& row : h.values)
        for (double v : row) max = std::max(max, v);
    const double cell_w = 46, cell_h = 22, left = 90, top = 18;
    const double width = left + cell_w * static_cast<double>(h.columns.size()) + 4;
    const double height = top + cell_h * static_cast<double>(h.rows.size()) + 4;
    out << "<figure><figcaption>" << html_escape(h.title)
        << "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << width << ' '
        << height << "\" width=\"" << width
        << "\" style=\"max-width:100%;height:auto\" role=\"img\" aria-label=\""
        << html_escape(h.title) << "\">\n";
    for (std::size_t c = 0; c < h.columns.size(); ++c)
        out << "<text x=\"" << left + cell_w * (c + 0.5) << "\" y=\"13\" font-size=\"11\" "
            << "text-anchor=\"middle\">" << html_escape(h.columns[c]) << "</text>";
    for (std::size_t r = 0; r < h.rows.size(); ++r) {
        const double y = top + cell_h * r;
        out << "<text x=\"" << left - 6 << "\" y=\"" << y + 15
            << "\" font-size=\"11\" text-anchor=\"end\">" << html_escape(h.rows[r]) << "</text>";
        for (std::size_t c = 0; c < h.columns.size(); ++c) {
            const double v = h.values[r][c];
            const double t = max <= 0 ? 0 : v / max;
            out << "<rect x=\"" << left + cell_w * c << "\" y=\"" << y << "\" width=\"" << cell_w
                << "\" height=\"" << cell_h << "\" fill=\"" << heat_color(v, max)
                << "\" stroke=\"#fff\"/>";
            if (v > 0)
                out << "<text x=\"" << left + cell_w * (c + 0.5) << "\" y=\"" << y + 15
                    << "\" font-size=\"10\" text-anchor=\"middle\" fill=\""
                    << (t > 0.55 ? "#fff" : "#1e1e1e") << "\">"
                    << format_number(v, h.decimals, decimal_mark(lang)) << "</text>";
        }
        out << "\n";
    }
    out << "</svg></figure>\n";
}

std::string write_html(const Document& d, Lang lang) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << tr(lang, "fr", "en")
        << "\"><head><meta charset=\"utf-8\"><title>" << html_escape(d.title) << "</title><style>"
        << kStyle << "</style></head><body>\n<h1>" << html_escape(d.title)
        << "</h1><p class=\"sub\">" << html_escape(d.subtitle) << "</p>\n";
    if (!d.lead.empty()) out << "<p class=\"lead\">" << html_escape(d.lead) << "</p>\n";
    for (const Section& s : d.sections) {
        out << "<section id=\"" << s.id << "\"><h2>" << html_escape(s.title) << "</h2>\n";
        for (const auto& p : s.paragraphs) out << "<p>" << html_escape(p) << "</p>\n";
        for (const Chart& c : s.charts) html_chart(out, c, lang);
        for (const Heat& h : s.heats) html_heat(out, h, lang);
        if (s.table) html_table(out, *s.table, lang);
        out << "</section>\n";
    }
    out << "<footer>" << html_escape(d.footer) << "</footer>\n</body></html>\n";
    return out.str();
}

// ---- text ----

std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) n++;  // count UTF-8 lead bytes only
    return n;
}

void text_table(std::ostringstream& out, const Table& t, Lang lang) {
    std::vector<std::vector<std::string>> cells;
    cells.push_back(t.header);
    for (const auto& row : t.rows) {
        std::vector<std::string> r;
        for (const auto& c : row) r.push_back(cell_text(c, decimal_mark(lang)));
        cells.push_back(std::move(r));
    }
    std::vector<std::size_t> width(t.header.size(), 0);
    for (const auto& r : cells)
        for (std::size_t i = 0; i < r.size() && i < width.size(); ++i)
            width[i] = std::max(width[i], display_width(r[i]));
    for (std::size_t k = 0; k < cells.size(); ++k) {
        std::string line;
        for (std::size_t i = 0; i < cells[k].size() && i < width.size(); ++i) {
            const bool right = k > 0 && t.rows[k - 1][i].number.has_value();
            const std::string pad(width[i] - display_width(cells[k][i]), ' ');
            line += (i ? "  " : "") + (right ? pad + cells[k][i] : cells[k][i] + pad);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << "  " << line << "\n";
    }
}

std::string write_text(const Document& d, Lang lang) {
    std::ostringstream out;
    out << d.title << "\n" << d.subtitle << "\n\n";
    if (!d.lead.empty()) out << d.lead << "\n";
    for (const Section& s : d.sections) {
        out << "\n" << s.title << "\n" << std::string(display_width(s.title), '-') << "\n";
        for (const auto& p : s.paragraphs) out << p << "\n";
        if (s.table) text_table(out, *s.table, lang);
        for (const Heat& h : s.heats) {
            Table t;
            t.header.push_back("");
            for (const auto& c : h.columns) t.header.push_back(c);
            for (std::size_t r = 0; r < h.rows.size(); ++r) {
                std::vector<Cell> row{txt(h.rows[r])};
                for (double v : h.values[r]) row.push_back(num(v, h.decimals));
                t.rows.push_back(std::move(row));
            }
            out << h.title << "\n";
            text_table(out, t, lang);
        }
    }
    out << "\n" << d.footer << "\n";
    return out.str();
}

// ---- CSV: blocks separated by an empty line, each starting with its title ----

std::string csv_field(const std::string& s, char separator) {
    if (s.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string write_csv(const Document& d, CsvDialect dialect) {
    const char sep = dialect == CsvDialect::fr ? ';' : ',';
    const char mark = dialect == CsvDialect::fr ? ',' : '.';
    std::ostringstream out;
    out << "\xEF\xBB\xBF";  // BOM: spreadsheets then read UTF-8
    auto row = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            out << (i ? std::string(1, sep) : "") << csv_field(fields[i], sep);
        out << "\r\n";
    };
    row({d.title, d.subtitle});
    if (!d.lead.empty()) row({d.lead});
    auto table = [&](const std::string& title, const Table& t) {
        out << "\r\n";
        row({title});
        row(t.header);
        for (const auto& r : t.rows) {
            std::vector<std::string> fields;
            for (const auto& c : r) fields.push_back(cell_text(c, mark));
            row(fields);
        }
    };
    for (const Section& s : d.sections) {
        if (s.table) table(s.title, *s.table);
        for (const Heat& h : s.heats) {
            Table t;
            t.header.push_back("");
            for (const auto& c : h.columns) t.header.push_back(c);
            for (std::size_t r = 0; r < h.rows.size(); ++r) {
                std::vector<Cell> cells{txt(h.rows[r])};
                for (double v : h.values[r]) cells.push_back(num(v, h.decimals));
                t.rows.push_back(std::move(cells));
            }
            table(h.title, t);
        }
    }
    return out.str();
}

// ---- the daily report as a document ----

std::string service_label(const std::vector<ServiceFigures>& services, const std::string& id,
                          Lang lang) {
    for (const auto& s : services)
        if (s.id == id) return lang == Lang::fr ? s.label_fr : s.label_en;
    if (id.empty()) return tr(lang, "(sans service)", "(no service)");
    return id;
}

std::string minutes_text(std::int64_t seconds) {
    return std::to_string((seconds + 30) / 60) + " min";
}

std::vector<std::string> slot_labels(const std::vector<Slot>& slots) {
    std::vector<std::string> out;
    for (const auto& s : slots) out.push_back(s.label);
    return out;
}

template <typename F>
std::vector<double> slot_values(const std::vector<Slot>& slots, F f) {
    std::vector<double> out;
    for (const auto& s : slots) out.push_back(static_cast<double>(f(s)));
    return out;
}

Section summary_section(const Summary& s, bool in_progress, Lang lang) {
    Table t{{tr(lang, "Indicateur", "Figure"), tr(lang, "Valeur", "Value")}, {}};
    auto add = [&](const char* fr, const char* en, int v) {
        t.rows.push_back({txt(tr(lang, fr, en)), num(v)});
    };
    add("Tickets délivrés (visiteurs)", "Tickets issued (visitors)", s.issued);
    add("Usagers servis", "Visitors served", s.served);
    add("Absents à l'appel", "No-shows", s.no_shows);
    add("Tickets annulés (impression)", "Cancelled tickets (printing)", s.cancelled);
    if (in_progress)
        add("En attente (journée en cours)", "Waiting (day in progress)", s.still_waiting);
    add("Partis avant l'appel", "Left before being called", s.left_unserved);
    add("Transferts", "Transfers", s.transferred);
    add("Refus : heure limite", "Refused: cut-off", s.refused_cutoff);
    add("Refus : salle pleine", "Refused: room full", s.refused_capacity);
    add("Refus : quota", "Refused: quota", s.refused_quota);
    add("Refus : service fermé", "Refused: service closed", s.refused_closed);
    add("Autres refus", "Other refusals", s.refused_other);
    add("Tickets à heure de retour", "Return-time tickets", s.return_time);
    Section sec{"summary", tr(lang, "Synthèse", "Summary"), {}, std::move(t), {}, {}};
    return sec;
}

Section satisfaction_section(const Satisfaction& sat, const std::vector<ServiceFigures>& services,
                             Lang lang) {
    Table t{{tr(lang, "Service", "Service"), tr(lang, "1 très mécontent", "1 very unhappy"),
             tr(lang, "2 mécontent", "2 unhappy"), tr(lang, "3 satisfait", "3 satisfied"),
             tr(lang, "4 très satisfait", "4 very satisfied")},
            {}};
    for (const auto& s : sat.services) {
        std::vector<Cell> row{txt(service_label(services, s.service, lang))};
        for (int v : s.votes) row.push_back(num(v));
        t.rows.push_back(std::move(row));
    }
    std::vector<Cell> total{txt(tr(lang, "Total", "Total"))};
    for (int v : sat.votes) total.push_back(num(v));
    t.rows.push_back(std::move(total));
    Section sec{"satisfaction",
                tr(lang, "Satisfaction (engagement 12)", "Satisfaction (commitment 12)"),
                {},
                std::move(t),
                {},
                {}};
    int votes = 0;
    for (int v : sat.votes) votes += v;
    sec.paragraphs.push_back(votes == 0
                                 ? tr(lang, "Aucun vote.", "No votes.")
                                 : std::string(tr(lang, "Note moyenne : ", "Mean score: ")) +
                                       format_number(sat.mean, 2, decimal_mark(lang)) + " / 4 (" +
                                       std::to_string(votes) + tr(lang, " votes)", " votes)"));
    return sec;
}

Document daily_document(const DailyReport& r, Lang lang) {
    Document d;
    d.title = std::string(tr(lang, "Rapport d'attente du ", "Waiting report for ")) + r.day +
              " — " + r.site_name;
    d.subtitle = r.site_id + " · " + r.timezone;
    d.lead = commitment_sentence(r.commitment, lang);
    if (r.in_progress)
        d.lead = tr(lang, "Rapport provisoire : la journée n'est pas terminée. ",
                    "Provisional report: the day is not over. ") +
                 d.lead;
    d.sections.push_back(summary_section(r.summary, r.in_progress, lang));

    Table services{{tr(lang, "Service", "Service"), tr(lang, "Tickets", "Tickets"),
                    tr(lang, "Appelés", "Called"), tr(lang, "Servis", "Served"),
                    tr(lang, "Attente moy. (min)", "Mean wait (min)"),
                    tr(lang, "Médiane (min)", "Median (min)"), tr(lang, "P90 (min)", "P90 (min)"),
                    tr(lang, "Max (min)", "Max (min)"), tr(lang, "Cible (min)", "Target (min)"),
                    tr(lang, "Dans la cible (%)", "Within target (%)"),
                    tr(lang, "Au-delà (%)", "Above KPI (%)"),
                    tr(lang, "Service moy. (min)", "Mean service (min)"),
                    tr(lang, "Service P90 (min)", "Service P90 (min)"),
                    tr(lang, "Erreur d'estimation (min)", "Estimate error (min)")},
                   {}};
    for (const auto& s : r.services) {
        services.rows.push_back(
            {txt(lang == Lang::fr ? s.label_fr : s.label_en), num(s.issued), num(s.called),
             num(s.served), minutes(s.wait.mean_s), minutes(static_cast<double>(s.wait.median_s)),
             minutes(static_cast<double>(s.wait.p90_s)), minutes(static_cast<double>(s.wait.max_s)),
             minutes(static_cast<double>(s.target_s)), num(s.within_target_pct, 1),
             num(s.above_kpi_pct, 1), minutes(s.service_time.mean_s),
             minutes(static_cast<double>(s.service_time.p90_s)),
             s.estimates ? minutes(s.estimate_mae_s) : txt("—")});
    }
    d.sections.push_back(
        {"services", tr(lang, "Par service", "Per service"), {}, services, {}, {}});

    Table counters{
        {tr(lang, "Guichet", "Counter"), tr(lang, "Servis", "Served"),
         tr(lang, "Service moy. (min)", "Mean service (min)"), tr(lang, "Ouvert (h)", "Open (h)"),
         tr(lang, "En pause (h)", "Paused (h)"), tr(lang, "Occupation (%)", "Utilisation (%)")},
        {}};
    for (const auto& c : r.counters)
        counters.rows.push_back({txt(c.label), num(c.served), minutes(c.mean_service_s),
                                 num(static_cast<double>(c.open_s) / 3600.0, 2),
                                 num(static_cast<double>(c.paused_s) / 3600.0, 2),
                                 num(c.utilisation_pct, 1)});
    d.sections.push_back(
        {"counters", tr(lang, "Par guichet", "Per counter"), {}, counters, {}, {}});

    Section day{"day", tr(lang, "Au fil de la journée (par 15 min)", "Over the day (per 15 min)"),
                {},    std::nullopt,
                {},    {}};
    Table slots{
        {tr(lang, "Heure", "Time"), tr(lang, "Arrivées", "Arrivals"), tr(lang, "Appels", "Calls"),
         tr(lang, "En attente", "Waiting"), tr(lang, "Pic d'attente", "Peak waiting"),
         tr(lang, "Guichets ouverts", "Counters open")},
        {}};
    for (const auto& s : r.slots)
        slots.rows.push_back({txt(s.label + s.start.substr(19)), num(s.arrivals), num(s.calls),
                              num(s.waiting), num(s.max_waiting), num(s.counters_open)});
    day.table = std::move(slots);
    const auto labels = slot_labels(r.slots);
    day.charts.push_back(
        {tr(lang, "Arrivées et appels par quart d'heure", "Arrivals and calls per quarter hour"),
         labels,
         {{tr(lang, "Arrivées", "Arrivals"),
           slot_values(r.slots, [](const Slot& s) { return s.arrivals; }), false, "#1e3a8a"},
          {tr(lang, "Appels", "Calls"), slot_values(r.slots, [](const Slot& s) { return s.calls; }),
           false, "#60a5fa"}},
         std::nullopt,
         ""});
    Chart occupancy{
        tr(lang, "Usagers en attente et guichets ouverts", "Visitors waiting and counters open"),
        labels,
        {{tr(lang, "Pic d'attente", "Peak waiting"),
          slot_values(r.slots, [](const Slot& s) { return s.max_waiting; }), false, "#f59e0b"},
         {tr(lang, "Guichets ouverts", "Counters open"),
          slot_values(r.slots, [](const Slot& s) { return s.counters_open; }), true, "#15803d"}},
        std::nullopt,
        tr(lang, "Capacité de la salle", "Waiting-room capacity")};
    if (r.capacity > 0) occupancy.limit = r.capacity;
    day.charts.push_back(std::move(occupancy));
    d.sections.push_back(std::move(day));

    Section gaps{"gaps", tr(lang, "Écarts à l'objectif, par cause", "Gaps, by cause"),
                 {},     std::nullopt,
                 {},     {}};
    if (r.gaps.empty()) gaps.paragraphs.push_back(tr(lang, "Aucun écart.", "No gaps."));
    Table gap_table{{tr(lang, "Cause", "Cause"), tr(lang, "Ticket", "Ticket"),
                     tr(lang, "Service", "Service"), tr(lang, "Pris à", "Issued"),
                     tr(lang, "Appelé à", "Called"), tr(lang, "Attente (min)", "Wait (min)"),
                     tr(lang, "Dépassement (min)", "Over target (min)")},
                    {}};
    for (const auto& g : r.gaps) {
        std::string p = cause_label(g.cause, lang) + " : " + std::to_string(g.tickets.size()) +
                        tr(lang, " ticket(s).", " ticket(s).");
        for (const auto& a : g.alerts)
            p += std::string(tr(lang, " Alerte « ", " Alert \"")) + a.message +
                 tr(lang, " » levée à ", "\" raised at ") + time_of(a.raised_at) +
                 (a.resolved_at.empty() ? std::string(tr(lang, ", non résolue", ", not resolved"))
                                        : std::string(tr(lang, ", résolue en ", ", resolved in ")) +
                                              minutes_text(a.duration_s)) +
                 ".";
        gaps.paragraphs.push_back(p);
        for (const auto& t : g.tickets)
            gap_table.rows.push_back(
                {txt(cause_label(g.cause, lang)), txt(t.ticket),
                 txt(service_label(r.services, t.service, lang)), txt(time_of(t.issued_at)),
                 txt(t.called_at.empty() ? tr(lang, "non appelé", "not called")
                                         : time_of(t.called_at)),
                 minutes(static_cast<double>(t.wait_s)), minutes(static_cast<double>(t.over_s))});
    }
    if (!gap_table.rows.empty()) gaps.table = std::move(gap_table);
    d.sections.push_back(std::move(gaps));

    if (!r.alerts.empty()) {
        Table alerts{{tr(lang, "Alerte", "Alert"), tr(lang, "Service", "Service"),
                      tr(lang, "Levée", "Raised"), tr(lang, "Résolue", "Resolved"),
                      tr(lang, "Durée (min)", "Duration (min)")},
                     {}};
        for (const auto& a : r.alerts)
            alerts.rows.push_back({txt(a.message.empty() ? a.kind : a.message),
                                   txt(service_label(r.services, a.service, lang)),
                                   txt(time_of(a.raised_at)),
                                   txt(a.resolved_at.empty() ? "—" : time_of(a.resolved_at)),
                                   minutes(static_cast<double>(a.duration_s))});
        d.sections.push_back({"alerts", tr(lang, "Alertes", "Alerts"), {}, alerts, {}, {}});
    }
    d.sections.push_back(satisfaction_section(r.satisfaction, r.services, lang));
    d.footer =
        std::string(tr(lang, "Calculé à partir des événements n° ", "Computed from events no. ")) +
        std::to_string(r.first_seq) + tr(lang, " à ", " to ") + std::to_string(r.last_seq) +
        tr(lang, " du journal (", " of the log (") + std::to_string(r.events) +
        tr(lang, " événements). Schéma ", " events). Schema ") + std::to_string(r.schema_version) +
        ".";
    return d;
}

// ---- the period report as a document ----

const char* weekday_name(int i, Lang lang) {
    static const char* fr[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                               "vendredi", "samedi", "dimanche"};
    static const char* en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                               "Friday", "Saturday", "Sunday"};
    return lang == Lang::fr ? fr[i] : en[i];
}

Table trend_table(const std::vector<DayTrend>& days, Lang lang) {
    Table t{{tr(lang, "Jour", "Day"), tr(lang, "Tickets", "Tickets"), tr(lang, "Servis", "Served"),
             tr(lang, "Dans la cible (%)", "Within target (%)"),
             tr(lang, "Attente moy. (min)", "Mean wait (min)"),
             tr(lang, "P90 max (min)", "Worst P90 (min)"), tr(lang, "Max (min)", "Max (min)"),
             tr(lang, "Écarts", "Gaps"), tr(lang, "Refus", "Refusals")},
            {}};
    for (const auto& d : days)
        t.rows.push_back({txt(d.day + " " + weekday_name(d.weekday, lang)), num(d.issued),
                          num(d.served), num(d.within_target_pct, 1), minutes(d.mean_wait_s),
                          minutes(static_cast<double>(d.p90_wait_s)),
                          minutes(static_cast<double>(d.max_wait_s)), num(d.gaps), num(d.refused)});
    return t;
}

Document period_document(const PeriodReport& r, Lang lang) {
    Document d;
    d.title = std::string(tr(lang, "Rapport d'attente du ", "Waiting report from ")) + r.from +
              tr(lang, " au ", " to ") + r.to + " — " + r.site_name;
    d.subtitle = r.site_id + " · " + r.timezone + " · " + std::to_string(r.days_open) +
                 tr(lang, " jours d'ouverture", " open days");
    d.lead = commitment_sentence(r.commitment, lang, false);
    d.sections.push_back(summary_section(r.summary, false, lang));

    Table services{
        {tr(lang, "Service", "Service"), tr(lang, "Tickets", "Tickets"),
         tr(lang, "Appelés", "Called"), tr(lang, "Attente moy. (min)", "Mean wait (min)"),
         tr(lang, "Médiane (min)", "Median (min)"), tr(lang, "P90 (min)", "P90 (min)"),
         tr(lang, "Max (min)", "Max (min)"), tr(lang, "Dans la cible (%)", "Within target (%)")},
        {}};
    for (const auto& s : r.services)
        services.rows.push_back(
            {txt(lang == Lang::fr ? s.label_fr : s.label_en), num(s.issued), num(s.called),
             minutes(s.wait.mean_s), minutes(static_cast<double>(s.wait.median_s)),
             minutes(static_cast<double>(s.wait.p90_s)), minutes(static_cast<double>(s.wait.max_s)),
             num(s.within_target_pct, 1)});
    d.sections.push_back(
        {"services", tr(lang, "Par service", "Per service"), {}, services, {}, {}});

    Section trend{"trend", tr(lang, "Tendance jour par jour", "Day-by-day trend"),
                  {},      trend_table(r.days, lang),
                  {},      {}};
    std::vector<std::string> labels;
    std::vector<double> within, issued;
    for (const auto& t : r.days) {
        if (t.issued == 0) continue;  // a closed day has no share to plot
        labels.push_back(t.day.substr(5));
        within.push_back(t.within_target_pct);
        issued.push_back(t.issued);
    }
    trend.charts.push_back(
        {tr(lang, "Part des usagers appelés dans la cible (%)",
            "Share of visitors called within target (%)"),
         labels,
         {{tr(lang, "Dans la cible (%)", "Within target (%)"), within, true, "#1e3a8a"}},
         100.0,
         tr(lang, "Objectif 100 %", "Goal 100 %")});
    trend.charts.push_back({tr(lang, "Tickets par jour", "Tickets per day"),
                            labels,
                            {{tr(lang, "Tickets", "Tickets"), issued, false, "#60a5fa"}},
                            std::nullopt,
                            ""});
    d.sections.push_back(std::move(trend));

    // Heat maps over the hours that saw any arrival.
    int first = 24, last = -1;
    for (const auto& row : r.heat)
        for (int h = 0; h < 24; ++h)
            if (row[h].arrivals > 0) first = std::min(first, h), last = std::max(last, h);
    Section heat{
        "heat", tr(lang, "Jour de semaine × heure", "Weekday × hour"), {}, std::nullopt, {}, {}};
    if (last >= first) {
        Heat arrivals{
            tr(lang, "Arrivées (total sur la période)", "Arrivals (period total)"), {}, {}, {}, 0};
        Heat waits{tr(lang, "Attente moyenne (min)", "Mean wait (min)"), {}, {}, {}, 0};
        for (int h = first; h <= last; ++h) {
            arrivals.columns.push_back(std::to_string(h) + "h");
            waits.columns.push_back(std::to_string(h) + "h");
        }
        for (int day = 0; day < 7 && day < static_cast<int>(r.heat.size()); ++day) {
            arrivals.rows.push_back(weekday_name(day, lang));
            waits.rows.push_back(weekday_name(day, lang));
            std::vector<double> a, w;
            for (int h = first; h <= last; ++h) {
                a.push_back(r.heat[day][h].arrivals);
                w.push_back(std::round(r.heat[day][h].mean_wait_s / 60.0));
            }
            arrivals.values.push_back(std::move(a));
            waits.values.push_back(std::move(w));
        }
        heat.heats.push_back(std::move(arrivals));
        heat.heats.push_back(std::move(waits));
    } else {
        heat.paragraphs.push_back(tr(lang, "Aucune arrivée.", "No arrivals."));
    }
    d.sections.push_back(std::move(heat));
    d.sections.push_back({"worst",
                          tr(lang, "Jours les plus difficiles", "Worst days"),
                          {},
                          trend_table(r.worst_days, lang),
                          {},
                          {}});
    d.sections.push_back(satisfaction_section(r.satisfaction, {}, lang));
    d.footer = std::string(tr(lang, "Calculé à partir des rapports quotidiens. Schéma ",
                              "Computed from the daily reports. Schema ")) +
               std::to_string(r.schema_version) + ".";
    return d;
}

}  // namespace

std::string cause_label(const std::string& cause, Lang lang) {
    if (cause == "counters_paused") return tr(lang, "Guichets en pause", "Counters paused");
    if (cause == "surge") return tr(lang, "Afflux d'arrivées", "Surge of arrivals");
    if (cause == "long_services") return tr(lang, "Services longs", "Long services");
    return tr(lang, "Sans cause identifiée (effectif insuffisant ?)",
              "No cause found (understaffed?)");
}

std::string commitment_sentence(const Commitment& c, Lang lang, bool gaps_below) {
    const int achieved = c.gaps == 0 && c.within == c.population
                             ? 100
                             : std::min(99, static_cast<int>(std::floor(c.achieved_pct)));
    const std::string target = c.target_s > 0 ? std::to_string(c.target_s / 60) + " min" : "";
    if (lang == Lang::en) {
        std::string s = "Goal: 100 % of visitors called " +
                        (target.empty() ? std::string("within their service's target wait")
                                        : "within " + target) +
                        " — achieved: " + std::to_string(achieved) + " %";
        if (c.gaps == 0) return s + "; no gaps";
        return s + "; " + std::to_string(c.gaps) + (c.gaps == 1 ? " gap" : " gaps") +
               (gaps_below ? " analysed below" : " analysed in the daily reports");
    }
    std::string s = "Objectif : 100 % des usagers appelés " +
                    (target.empty() ? std::string("dans le délai cible de leur service")
                                    : "en moins de " + target) +
                    " — réalisé : " + std::to_string(achieved) + " %";
    if (c.gaps == 0) return s + " ; aucun écart";
    return s + " ; " + std::to_string(c.gaps) +
           (c.gaps == 1 ? " écart analysé" : " écarts analysés") +
           (gaps_below ? " ci-dessous" : " dans les rapports quotidiens");
}

std::string render_html(const DailyReport& r, Lang lang) {
    return write_html(daily_document(r, lang), lang);
}
std::string render_text(const DailyReport& r, Lang lang) {
    return write_text(daily_document(r, lang), lang);
}
std::string render_csv(const DailyReport& r, Lang lang, CsvDialect dialect) {
    return write_csv(daily_document(r, lang), dialect);
}
std::string render_json(const DailyReport& r) {
    return nlohmann::json(r).dump(2) + "\n";
}

std::string render_html(const PeriodReport& r, Lang lang) {
    return write_html(period_document(r, lang), lang);
}
std::string render_text(const PeriodReport& r, Lang lang) {
    return write_text(period_document(r, lang), lang);
}
std::string render_csv(const PeriodReport& r, Lang lang, CsvDialect dialect) {
    return write_csv(period_document(r, lang), dialect);
}
std::string render_json(const PeriodReport& r) {
    return nlohmann::json(r).dump(2) + "\n";
}

}  // namespace guichet::report
