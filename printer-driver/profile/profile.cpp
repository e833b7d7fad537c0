#include "printer-driver/profile/profile.h"

#include <toml++/toml.h>
#include <algorithm>

namespace guichet::printer {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const toml::source_region& where,
                       const std::string& reason) {
    throw ProfileError(file.string() + ":" + std::to_string(where.begin.line) + ": " + reason);
}

const toml::table& table_at(const std::filesystem::path& file, const toml::table& root,
                            const char* key) {
    const auto* t = root[key].as_table();
    if (t == nullptr) fail(file, root.source(), std::string("missing table [") + key + "]");
    return *t;
}

template <typename T>
T value_at(const std::filesystem::path& file, const toml::table& t, const char* key) {
    const auto node = t[key];
    if (!node) fail(file, t.source(), std::string("missing key '") + key + "'");
    const auto v = node.value<T>();
    if (!v) fail(file, node.node()->source(), std::string("wrong type for '") + key + "'");
    return *v;
}

int positive(const std::filesystem::path& file, const toml::table& t, const char* key, int max) {
    const auto v = value_at<std::int64_t>(file, t, key);
    if (v <= 0 || v > max) {
        fail(file, t[key].node()->source(),
             std::string("'") + key + "' must be between 1 and " + std::to_string(max));
    }
    return static_cast<int>(v);
}

}  // namespace

escpos::CodePage Profile::preferred_code_page() const {
    return code_pages.count(escpos::CodePage::cp858) ? escpos::CodePage::cp858
                                                     : escpos::CodePage::cp1252;
}

escpos::DecoderOptions Profile::decoder_options() const {
    escpos::DecoderOptions options;
    options.code_pages.clear();
    for (const auto& [page, number] : code_pages) options.code_pages[number] = page;
    options.initial = preferred_code_page();
    return options;
}

bool Profile::matches(UsbId id) const {
    return std::find(usb_ids.begin(), usb_ids.end(), id) != usb_ids.end();
}

Profile load_profile(const std::filesystem::path& file) {
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw ProfileError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
    }
    Profile p;
    const auto& printer = table_at(file, root, "printer");
    p.id = value_at<std::string>(file, printer, "id");
    p.name = value_at<std::string>(file, printer, "name");
    p.paper_mm = positive(file, printer, "paper_mm", 120);
    p.width_dots = positive(file, printer, "width_dots", 2048);
    p.columns = positive(file, printer, "columns", 128);
    p.dpi = positive(file, printer, "dpi", 600);
    p.speed_mm_s = positive(file, printer, "speed_mm_s", 1000);

    const auto& pages = table_at(file, root, "code_pages");
    for (const auto& [key, node] : pages) {
        const auto page = escpos::code_page_from_name(key.str());
        if (!page) fail(file, node.source(), "unknown code page '" + std::string(key.str()) + "'");
        const auto number = node.value<std::int64_t>();
        if (!number || *number < 0 || *number > 255) {
            fail(file, node.source(), "an ESC t number is between 0 and 255");
        }
        p.code_pages[*page] = static_cast<int>(*number);
    }
    if (p.code_pages.empty()) fail(file, pages.source(), "[code_pages] needs cp858 or cp1252");

    const auto& features = table_at(file, root, "features");
    const auto cut = value_at<std::string>(file, features, "cut");
    if (cut == "none") {
        p.cut = CutSupport::none;
    } else if (cut == "partial") {
        p.cut = CutSupport::partial;
    } else if (cut == "full") {
        p.cut = CutSupport::full;
    } else {
        fail(file, features["cut"].node()->source(), "cut is \"none\", \"partial\" or \"full\"");
    }
    p.qr = value_at<bool>(file, features, "qr");
    p.code128 = value_at<bool>(file, features, "code128");
    p.raster = value_at<bool>(file, features, "raster");

    const auto& usb = table_at(file, root, "usb");
    const auto vendor = value_at<std::int64_t>(file, usb, "vendor");
    const auto* products = usb["products"].as_array();
    if (products == nullptr || products->empty()) {
        fail(file, usb.source(), "[usb] needs a non-empty 'products' array");
    }
    for (const auto& node : *products) {
        const auto product = node.value<std::int64_t>();
        if (!product || *product <= 0 || *product > 0xFFFF || vendor <= 0 || vendor > 0xFFFF) {
            fail(file, node.source(), "USB ids are 16-bit numbers");
        }
        p.usb_ids.push_back(
            {static_cast<std::uint16_t>(vendor), static_cast<std::uint16_t>(*product)});
    }
    return p;
}

std::vector<Profile> load_profiles(const std::filesystem::path& folder) {
    std::vector<Profile> profiles;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".toml") profiles.push_back(load_profile(entry.path()));
    }
    std::sort(profiles.begin(), profiles.end(),
              [](const Profile& a, const Profile& b) { return a.id < b.id; });
    return profiles;
}

std::optional<Profile> find_profile(const std::vector<Profile>& profiles, const std::string& id) {
    for (const auto& p : profiles) {
        if (p.id == id) return p;
    }
    return std::nullopt;
}

}  // namespace guichet::printer
