// Site logo for the ticket: any image SDL2_image reads, made printable.
//
// Contract: load_logo() scales the picture down (never up) to at most
// `max_width_dots` wide, keeping its proportions, and thresholds it to black
// and white (dark opaque pixels print; transparency is paper). Throws
// std::runtime_error naming the file when it cannot be read.
#pragma once

#include <filesystem>

#include "printer-driver/escpos/encoder.h"

namespace guichet::printer {

escpos::MonoImage load_logo(const std::filesystem::path& file, int max_width_dots);

}  // namespace guichet::printer
