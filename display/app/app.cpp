#include "display/app/app.h"

#include <SDL2/SDL.h>
#include <sys/resource.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <variant>

#include "display/app/screens.h"
#include "display/kiosk/screen_ticket_issuer.h"
#include "display/sdl/canvas.h"
#include "display/sdl/sound.h"
#include "display/sdl/text.h"
#include "display/ui/words.h"
#include "protocol/codec.h"
#include "protocol/device_client.h"

namespace guichet::display::app {

namespace {

using Steady = std::chrono::steady_clock;

struct CallArrived {
    protocol::CallEvent call;
    Steady::time_point arrived;
};
struct Connection {
    bool up;
};
struct ControllerOnline {
    bool online;
};
struct Issued {
    kiosk::IssueOutcome outcome;
};
struct Replied {
    std::optional<protocol::Reply> reply;
};
struct Voted {
    bool recorded;
};

using Incoming = std::variant<protocol::BoardState, protocol::CounterView, CallArrived, Connection,
                              ControllerOnline, Issued, Replied, Voted>;

// How often SDL input is polled while nothing else happens: touch screens
// answer within a frame; the board, which has no input, wakes rarely.
std::chrono::milliseconds pump_interval(Role role) {
    return role == Role::board ? std::chrono::milliseconds(100) : std::chrono::milliseconds(16);
}

}  // namespace

struct App::Impl {
    DisplayConfig config;
    Screens screens;
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
    std::unique_ptr<sdl::Fonts> fonts;
    std::unique_ptr<sdl::TextCache> cache;
    std::unique_ptr<sdl::Sound> sound;

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Incoming> inbox;

    std::unique_ptr<protocol::DeviceClient> client;
    std::unique_ptr<kiosk::TicketIssuer> issuer;
    std::thread worker;  // one request at a time (kiosk issuing or counter busy)

    bool dirty = true;
    bool link_up = false;
    bool controller_online = true;
    Steady::time_point unhealthy_since = Steady::now();
    std::vector<Steady::time_point> pending_calls;  // arrivals not yet presented
    std::vector<std::chrono::nanoseconds> latencies;
    std::uint64_t frames = 0;

    explicit Impl(const DisplayConfig& c) : config(c), screens(c) {}

    void post(Incoming item) {
        {
            std::lock_guard lock(mutex);
            inbox.push_back(std::move(item));
        }
        wake.notify_one();
    }

    void on_message(const protocol::Message& m) {
        const protocol::Topics& topics = client->topics();
        if (m.topic == topics.board()) {
            auto d = protocol::decode_board(m.payload);
            if (auto* b = std::get_if<protocol::BoardState>(&d)) post(std::move(*b));
        } else if (m.topic == topics.call_event()) {
            const auto arrived = Steady::now();
            auto d = protocol::decode_call(m.payload);
            if (auto* c = std::get_if<protocol::CallEvent>(&d))
                post(CallArrived{std::move(*c), arrived});
        } else if (m.topic == topics.controller_status()) {
            auto d = protocol::decode_controller_status(m.payload);
            if (auto* s = std::get_if<protocol::ControllerStatus>(&d))
                post(ControllerOnline{s->state == "online"});
        } else if (config.role == Role::counter &&
                   m.topic == topics.counter_state(config.counter)) {
            auto d = protocol::decode_counter_view(m.payload);
            if (auto* v = std::get_if<protocol::CounterView>(&d)) post(std::move(*v));
        }
    }

    void apply(Incoming& item, Clock::time_point now) {
        if (auto* b = std::get_if<protocol::BoardState>(&item)) {
            if (issuer && config.role == Role::kiosk) issuer->on_services(b->services);
            dirty |= screens.on_board(*b, now);
        } else if (auto* v = std::get_if<protocol::CounterView>(&item)) {
            dirty |= screens.on_counter(*v);
        } else if (auto* c = std::get_if<CallArrived>(&item)) {
            bool announce = false;
            if (screens.on_call(c->call, now, announce)) {
                dirty = true;
                pending_calls.push_back(c->arrived);
            }
            if (announce && sound) {
                if (config.chime) sound->chime();
                if (config.announce)
                    sound->announce(ui::french_announcement(c->call.number, c->call.counter_label));
            }
        } else if (auto* link = std::get_if<Connection>(&item)) {
            set_health(link->up, controller_online);
            if (issuer) issuer->on_connection(link->up);
        } else if (auto* ctl = std::get_if<ControllerOnline>(&item)) {
            set_health(link_up, ctl->online);
        } else if (auto* issued = std::get_if<Issued>(&item)) {
            dirty |= screens.kiosk.on_issued(std::move(issued->outcome), now);
        } else if (auto* replied = std::get_if<Replied>(&item)) {
            dirty |= screens.terminal.on_reply(replied->reply);
        } else if (auto* voted = std::get_if<Voted>(&item)) {
            dirty |= screens.survey.on_recorded(voted->recorded, now);
        }
    }

    void set_health(bool up, bool online) {
        const bool was = link_up && controller_online;
        link_up = up;
        controller_online = online;
        const bool is = link_up && controller_online;
        if (was && !is) unhealthy_since = Steady::now();
        if (is) dirty |= screens.set_connection_lost(false);
    }

    bool healthy() const { return link_up && controller_online; }

    void start_request(std::function<void()> job) {
        if (worker.joinable()) worker.join();
        worker = std::thread(std::move(job));
    }

    void touch(int x, int y, Clock::time_point now) {
        if (config.role == Role::kiosk) {
            auto take = screens.kiosk.on_touch(x, y, now);
            dirty = true;
            if (take) {
                if (!issuer) {
                    post(Issued{});  // no broker: tell the visitor at once
                } else {
                    start_request([this, t = *take] { post(Issued{issuer->issue(t)}); });
                }
            }
        } else if (config.role == Role::survey) {
            auto vote = screens.survey.on_touch(x, y, now);
            dirty = true;
            if (vote) {
                if (!client) {
                    post(Voted{false});
                } else {
                    // One request per press; the survey takes no other vote until it is answered.
                    start_request([this, v = *vote] {
                        const auto reply = client->request({client->next_id(), v});
                        post(Voted{reply && reply->ok});
                    });
                }
            }
        } else if (config.role == Role::counter && !config.public_face) {
            auto op = screens.terminal.on_touch(x, y);
            dirty = true;
            if (op) {
                if (!client) {
                    post(Replied{});
                } else {
                    start_request([this, o = *op] {
                        post(Replied{client->request({client->next_id(), o})});
                    });
                }
            }
        }
    }

    bool handle_sdl(Clock::time_point now) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            switch (e.type) {
                case SDL_QUIT:
                    return false;
                case SDL_WINDOWEVENT:
                    dirty = true;  // exposed, resized, restored: draw again
                    break;
                case SDL_FINGERDOWN:
                    touch(static_cast<int>(e.tfinger.x * config.width),
                          static_cast<int>(e.tfinger.y * config.height), now);
                    break;
                case SDL_MOUSEBUTTONDOWN:
                    if (e.button.which != SDL_TOUCH_MOUSEID) touch(e.button.x, e.button.y, now);
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    void present(Clock::time_point now) {
        sdl::SdlCanvas canvas(renderer, *cache, config.width, config.height);
        screens.draw(canvas, now);
        SDL_RenderPresent(renderer);
        ++frames;
        const auto shown = Steady::now();
        for (const auto& arrived : pending_calls) latencies.push_back(shown - arrived);
        pending_calls.clear();
        dirty = false;
    }
};

bool raise_render_priority() {
    // On Linux PRIO_PROCESS with 0 names the calling thread; new threads inherit its value.
    return ::setpriority(PRIO_PROCESS, 0, -10) == 0;
}

App::App(const DisplayConfig& config) : impl_(std::make_unique<Impl>(config)) {
    auto& d = *impl_;
    d.window =
        SDL_CreateWindow("Guichet", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, config.width,
                         config.height, config.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!d.window) throw std::runtime_error(std::string("cannot open a window: ") + SDL_GetError());
    d.renderer = SDL_CreateRenderer(d.window, -1, 0);
    if (!d.renderer) d.renderer = SDL_CreateRenderer(d.window, -1, SDL_RENDERER_SOFTWARE);
    if (!d.renderer)
        throw std::runtime_error(std::string("cannot create a renderer: ") + SDL_GetError());
    // The layout is computed for the configured size; a different real size is scaled.
    SDL_RenderSetLogicalSize(d.renderer, config.width, config.height);
    d.fonts = std::make_unique<sdl::Fonts>(config.font, config.font_bold);
    d.cache = std::make_unique<sdl::TextCache>(d.renderer, *d.fonts);
    if (config.role == Role::board) {
        for (const auto& font : board::call_fonts(d.screens.theme())) d.fonts->get(font);
    }
    if (config.role == Role::board && (config.chime || config.announce)) {
        d.sound = std::make_unique<sdl::Sound>(config.espeak);
    }
}

App::~App() {
    auto& d = *impl_;
    if (d.worker.joinable()) d.worker.join();
    d.issuer.reset();
    d.client.reset();  // stops the link before the inbox goes away
    d.cache.reset();
    d.fonts.reset();
    d.sound.reset();
    SDL_DestroyRenderer(d.renderer);
    SDL_DestroyWindow(d.window);
}

std::string App::load_state(std::string_view json) {
    impl_->dirty = true;
    return impl_->screens.load_state(json, Clock::now());
}

void App::connect(std::unique_ptr<kiosk::TicketIssuer> issuer) {
    auto& d = *impl_;
    const protocol::Topics topics(d.config.site);
    protocol::DeviceClientOptions o;
    o.server_uri = d.config.broker_url;
    o.site = d.config.site;
    o.device = d.config.device;
    o.password = d.config.password;
    o.role = d.config.role == Role::board ? "display" : to_string(d.config.role);
    o.extra_subscriptions = {topics.board(), topics.controller_status()};
    if (d.config.role == Role::board) o.extra_subscriptions.push_back(topics.call_event());
    if (d.config.role == Role::counter)
        o.extra_subscriptions.push_back(topics.counter_state(d.config.counter));
    d.client = std::make_unique<protocol::DeviceClient>(
        o, [&d](const protocol::Message& m) { d.on_message(m); },
        [&d](bool up) { d.post(Connection{up}); });
    if (issuer) {
        d.issuer = std::move(issuer);
    } else if (d.config.printer) {
        d.issuer = kiosk::make_printer_issuer(*d.config.printer, *d.client, d.config.device);
    } else {
        d.issuer = std::make_unique<kiosk::ScreenTicketIssuer>(*d.client);
    }
    d.client->start();
}

bool App::step(std::chrono::milliseconds max_wait) {
    auto& d = *impl_;
    const auto now_sys = Clock::now();
    const auto now = Steady::now();
    // Sleep until a message, the next input poll, or the next deadline.
    auto until = now + std::min(max_wait, pump_interval(d.config.role));
    const auto to_deadline = d.screens.next_deadline(now_sys) - now_sys;
    if (to_deadline < max_wait)
        until = std::min(until, now + std::chrono::duration_cast<Steady::duration>(to_deadline));
    const bool lost_shown = !d.healthy() && now - d.unhealthy_since >= d.config.lost_after;
    if (!d.healthy() && !lost_shown)
        until = std::min(until, d.unhealthy_since + d.config.lost_after);
    std::deque<Incoming> items;
    {
        std::unique_lock lock(d.mutex);
        d.wake.wait_until(lock, until, [&d] { return !d.inbox.empty(); });
        items.swap(d.inbox);
    }
    const auto t = Clock::now();
    for (auto& item : items) d.apply(item, t);
    if (!d.handle_sdl(t)) return false;
    if (t >= d.screens.next_deadline(now_sys)) d.dirty |= d.screens.tick(t);
    if (!d.healthy() && Steady::now() - d.unhealthy_since >= d.config.lost_after) {
        d.dirty |= d.screens.set_connection_lost(true);
    }
    if (d.dirty) d.present(t);
    return true;
}

int App::run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
        if (!step(std::chrono::seconds(1))) break;
    }
    return 0;
}

std::uint64_t App::frames() const {
    return impl_->frames;
}

std::string App::renderer_name() const {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(impl_->renderer, &info);
    return info.name ? info.name : "";
}
std::vector<std::chrono::nanoseconds> App::call_latencies() const {
    return impl_->latencies;
}
std::uint64_t App::sound_samples() const {
    return impl_->sound ? impl_->sound->samples_queued() : 0;
}
const Screens& App::screens() const {
    return impl_->screens;
}

sdl::SurfacePtr App::read_window(std::chrono::system_clock::time_point now) const {
    auto& d = *impl_;
    sdl::SdlCanvas canvas(d.renderer, *d.cache, d.config.width, d.config.height);
    d.screens.draw(canvas, now);
    return sdl::read_pixels(d.renderer, d.config.width, d.config.height);
}

}  // namespace guichet::display::app
