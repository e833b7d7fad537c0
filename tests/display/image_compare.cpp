#include "tests/display/image_compare.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>

#include "display/sdl/image.h"

namespace guichet::display::test {

ImageDiff compare_images(SDL_Surface* a, SDL_Surface* b, int tolerance) {
    ImageDiff d;
    if (!a || !b || a->w != b->w || a->h != b->h || a->format->format != SDL_PIXELFORMAT_ARGB8888 ||
        b->format->format != SDL_PIXELFORMAT_ARGB8888) {
        return d;
    }
    d.same_size = true;
    d.total = static_cast<long>(a->w) * a->h;
    for (int y = 0; y < a->h; ++y) {
        const auto* pa = reinterpret_cast<const std::uint32_t*>(
            static_cast<const char*>(a->pixels) + y * a->pitch);
        const auto* pb = reinterpret_cast<const std::uint32_t*>(
            static_cast<const char*>(b->pixels) + y * b->pitch);
        for (int x = 0; x < a->w; ++x) {
            int worst = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                const int ca = (pa[x] >> shift) & 0xFF, cb = (pb[x] >> shift) & 0xFF;
                worst = std::max(worst, std::abs(ca - cb));
            }
            d.worst = std::max(d.worst, worst);
            if (worst > tolerance) ++d.differing;
        }
    }
    return d;
}

bool images_match(const ImageDiff& d, double max_fraction) {
    return d.same_size && d.fraction() <= max_fraction;
}

std::string check_reference(SDL_Surface* rendering, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path reference =
        fs::path(GUICHET_SOURCE_DIR) / "tests/display/reference" / (name + ".png");
    const fs::path candidates = fs::path(GUICHET_BINARY_DIR) / "display-candidates";
    const auto write_candidate = [&] {
        fs::create_directories(candidates);
        const auto path = candidates / (name + ".png");
        sdl::save_png(rendering, path.string());
        return path.string();
    };
    auto expected = sdl::load_png(reference.string());
    if (!expected) {
        return "no reference " + reference.string() + "; candidate written to " +
               write_candidate() + " (review it, then copy it into tests/display/reference/)";
    }
    const ImageDiff d = compare_images(rendering, expected.get());
    if (images_match(d)) return {};
    if (!d.same_size)
        return "size differs from " + reference.string() + "; candidate " + write_candidate();
    return std::to_string(d.differing) + " of " + std::to_string(d.total) +
           " pixels differ (worst " + std::to_string(d.worst) + "/255) from " + reference.string() +
           "; candidate " + write_candidate();
}

}  // namespace guichet::display::test
