#include "display/sdl/sound.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>

extern char** environ;

namespace guichet::display::sdl {

std::vector<std::int16_t> make_chime(int rate) {
    constexpr double kPi = 3.14159265358979323846;
    const double tones[] = {659.25, 523.25};   // E5, C5
    const int tone_samples = rate * 45 / 100;  // 0.45 s each
    std::vector<std::int16_t> out;
    out.reserve(2 * tone_samples);
    for (double f : tones) {
        for (int i = 0; i < tone_samples; ++i) {
            const double t = static_cast<double>(i) / rate;
            const double attack = std::min(1.0, t / 0.01);
            const double envelope = attack * std::exp(-t * 5.0);
            // A touch of the octave makes it sound like a bell, not a beep.
            const double v = std::sin(2 * kPi * f * t) + 0.3 * std::sin(4 * kPi * f * t);
            out.push_back(static_cast<std::int16_t>(std::lround(v / 1.3 * envelope * 0.6 * 32767)));
        }
    }
    return out;
}

namespace {

std::optional<std::string> run_and_read(const std::vector<std::string>& argv) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (rc != 0) {
        ::close(pipe_fds[0]);
        return std::nullopt;
    }
    std::string out;
    char buf[8192];
    for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out.empty()) return std::nullopt;
    return out;
}

}  // namespace

std::optional<std::vector<std::int16_t>> synthesize_french(const std::string& espeak,
                                                           const std::string& sentence, int rate) {
    const auto wav = run_and_read({espeak, "-v", "fr", "-s", "140", "--stdout", sentence});
    if (!wav) return std::nullopt;
    SDL_AudioSpec spec;
    Uint8* buf = nullptr;
    Uint32 len = 0;
    if (!SDL_LoadWAV_RW(SDL_RWFromConstMem(wav->data(), static_cast<int>(wav->size())), 1, &spec,
                        &buf, &len)) {
        return std::nullopt;
    }
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1, rate) < 0) {
        SDL_FreeWAV(buf);
        return std::nullopt;
    }
    std::vector<Uint8> work(static_cast<std::size_t>(len) *
                            static_cast<std::size_t>(std::max(1, cvt.len_mult)));
    std::memcpy(work.data(), buf, len);
    SDL_FreeWAV(buf);
    cvt.buf = work.data();
    cvt.len = static_cast<int>(len);
    if (cvt.needed && SDL_ConvertAudio(&cvt) != 0) return std::nullopt;
    const int bytes = cvt.needed ? cvt.len_cvt : static_cast<int>(len);
    std::vector<std::int16_t> samples(static_cast<std::size_t>(bytes) / 2);
    std::memcpy(samples.data(), work.data(), samples.size() * 2);
    return samples;
}

Sound::Sound(std::string espeak) : espeak_(std::move(espeak)) {
    SDL_AudioSpec want{};
    want.freq = kSoundRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    SDL_AudioSpec have{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device_ != 0) SDL_PauseAudioDevice(device_, 0);
    worker_ = std::thread([this] { work(); });
}

Sound::~Sound() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
    if (device_ != 0) SDL_CloseAudioDevice(device_);
}

void Sound::queue(const std::vector<std::int16_t>& samples) {
    if (device_ == 0 || samples.empty()) return;
    SDL_QueueAudio(device_, samples.data(),
                   static_cast<Uint32>(samples.size() * sizeof(std::int16_t)));
    queued_ += samples.size();
}

void Sound::chime() {
    static const std::vector<std::int16_t> samples = make_chime();
    queue(samples);
}

void Sound::announce(std::string sentence) {
    {
        std::lock_guard lock(mutex_);
        sentences_.push_back(std::move(sentence));
    }
    wake_.notify_one();
}

void Sound::work() {
    // Speech is never more urgent than the frame showing the call (see
    // app::raise_render_priority); this thread and espeak-ng run at normal priority.
    ::setpriority(PRIO_PROCESS, 0, 0);
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !sentences_.empty(); });
        if (stopping_) return;
        const std::string sentence = std::move(sentences_.front());
        sentences_.pop_front();
        lock.unlock();
        if (const auto speech = synthesize_french(espeak_, sentence)) queue(*speech);
        lock.lock();
    }
}

}  // namespace guichet::display::sdl
