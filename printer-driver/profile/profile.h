// Printer profiles: what the driver must know about one printer model.
//
// Contract: load_profile() reads one hardware/profiles/*.toml file and either
// returns a complete, checked Profile or throws ProfileError whose message
// names the file, the line and the reason. Nothing is guessed: a missing key
// is an error. load_profiles() loads every *.toml in a folder, sorted by id.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "printer-driver/escpos/codepage.h"
#include "printer-driver/escpos/decoder.h"

namespace guichet::printer {

class ProfileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class CutSupport { none, partial, full };

struct UsbId {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    bool operator==(const UsbId&) const = default;
};

struct Profile {
    std::string id;
    std::string name;
    int paper_mm = 80;
    int width_dots = 576;
    int columns = 48;
    int dpi = 203;
    int speed_mm_s = 250;
    std::map<escpos::CodePage, int> code_pages;  // page -> ESC t number
    CutSupport cut = CutSupport::partial;
    bool qr = true;
    bool code128 = true;
    bool raster = true;
    std::vector<UsbId> usb_ids;

    // CP858 when the printer has it (French and €), else CP1252.
    escpos::CodePage preferred_code_page() const;
    escpos::DecoderOptions decoder_options() const;
    bool matches(UsbId id) const;
};

Profile load_profile(const std::filesystem::path& file);
std::vector<Profile> load_profiles(const std::filesystem::path& folder);
// The profile with that id from `profiles`, or nullopt.
std::optional<Profile> find_profile(const std::vector<Profile>& profiles, const std::string& id);

}  // namespace guichet::printer
