// Reports as a manager or an auditor reads them: one self-contained HTML file
// (inline SVG charts, print stylesheet for A4), CSV for a spreadsheet, plain
// text, and JSON (schema in docs/report.md).
//
// Contract: pure functions of a report; French by default. The HTML loads
// nothing from outside (no script, font, image or style sheet by URL). CSV is
// UTF-8 with a BOM; the French dialect uses ';' and decimal commas, the
// English one ',' and decimal points.
#pragma once

#include <string>

#include "controller/report/daily.h"
#include "controller/report/period.h"

namespace guichet::report {

enum class Lang { fr, en };
enum class CsvDialect { fr, en };

// « Objectif : 100 % des usagers appelés en moins de 20 min — réalisé : 93 % ; 14 écarts
// analysés ci-dessous ». The achieved share is rounded down: 100 % only without any gap.
// A period report says the gaps are analysed in the daily reports (gaps_below = false).
std::string commitment_sentence(const Commitment& c, Lang lang, bool gaps_below = true);
std::string cause_label(const std::string& cause, Lang lang);

std::string render_html(const DailyReport& r, Lang lang);
std::string render_text(const DailyReport& r, Lang lang);
std::string render_csv(const DailyReport& r, Lang lang, CsvDialect dialect);
std::string render_json(const DailyReport& r);

std::string render_html(const PeriodReport& r, Lang lang);
std::string render_text(const PeriodReport& r, Lang lang);
std::string render_csv(const PeriodReport& r, Lang lang, CsvDialect dialect);
std::string render_json(const PeriodReport& r);

}  // namespace guichet::report
