#include "tests/display/render_support.h"

#include "display/sdl/canvas.h"
#include "display/sdl/text.h"

namespace guichet::display::test {

sdl::SurfacePtr render(int width, int height, const std::function<void(ui::Canvas&)>& draw) {
    static sdl::SdlSession session;
    sdl::Offscreen target(width, height);
    sdl::Fonts fonts;
    sdl::TextCache cache(target.renderer(), fonts);
    sdl::SdlCanvas canvas(target.renderer(), cache, width, height);
    draw(canvas);
    SDL_RenderPresent(target.renderer());
    return sdl::SurfacePtr(SDL_DuplicateSurface(target.surface()));
}

std::chrono::system_clock::time_point fixed_now() {
    using namespace std::chrono;
    return sys_days{year{2026} / November / 23} + hours{9} + minutes{42};
}

ui::Theme board_theme(int width, int height) {
    ui::Physical physical{1218, 685, 6};
    if (height > width) std::swap(physical.width_mm, physical.height_mm);
    return {ui::default_palette(), ui::text_scale(width, height, physical)};
}

protocol::BoardState mairie_board(int calls) {
    protocol::BoardState b;
    b.seq = 120;
    b.at = "2026-11-23T10:42:00+01:00";
    b.site_name = "Mairie du 11e arrondissement";
    b.hours_today = protocol::LocalizedText{"8 h 30 – 17 h 00", "8:30 am – 5:00 pm"};
    const char* numbers[] = {"A042", "B017", "A041", "C008", "T023", "B016", "A040", "S005"};
    const char* counters[] = {"3", "1", "2", "5", "4", "1", "3", "6"};
    for (int i = 0; i < calls; ++i) {
        const std::string counter = counters[i % 8];
        b.calls.push_back({numbers[i % 8], counter, "Guichet " + counter,
                           "2026-11-23T10:" + std::to_string(41 - i) + ":30+01:00"});
    }
    b.services = {
        {"etat-civil", {"État civil", "Civil status"}, "open", 6, 9 * 60},
        {"affaires-generales", {"Affaires générales", "General affairs"}, "open", 11, 24 * 60},
        {"elections", {"Élections", "Elections"}, "open", 0, 0},
        {"titres", {"Titres d'identité", "ID cards and passports"}, "cutoff", 3, 35 * 60},
        {"casvp", {"Action sociale (CASVP)", "Social services (CASVP)"}, "closed", 0, std::nullopt},
    };
    return b;
}

}  // namespace guichet::display::test

namespace guichet::display::test {

ui::Theme kiosk_theme() {
    return {ui::default_palette(), ui::text_scale(kKioskWidth, kKioskHeight, {268, 476, 0.6})};
}

}  // namespace guichet::display::test

namespace guichet::display::test {

ui::Theme counter_theme() {
    return {ui::default_palette(), ui::text_scale(kCounterWidth, kCounterHeight, {217, 136, 0.5})};
}

ui::Theme public_face_theme() {
    // A 15.6-inch screen (345 x 129 mm visible band) read from 3 m in front of the counter.
    return {ui::default_palette(), ui::text_scale(kFaceWidth, kFaceHeight, {345, 129, 3})};
}

protocol::CounterView counter_three() {
    protocol::CounterView v;
    v.seq = 57;
    v.at = "2026-11-23T10:42:00+01:00";
    v.counter = "3";
    v.label = "Guichet 3";
    v.state = "open";
    v.services = {"etat-civil", "affaires-generales"};
    v.current = protocol::CurrentTicket{
        "A042", "etat-civil", "called", "2026-11-23T10:28:30+01:00", "2026-11-23T10:41:00+01:00",
        750};
    v.queues = {{"etat-civil", {"État civil", "Civil status"}, 6, 19 * 60 + 5},
                {"affaires-generales", {"Affaires générales", "General affairs"}, 11, 31 * 60}};
    v.agent = protocol::Agent{"Mme Claire Dubois", "Officière d'état civil"};
    return v;
}

}  // namespace guichet::display::test
