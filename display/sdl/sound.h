// The board's sound: a two-tone chime and the French announcement.
//
// Contract: Sound opens the default SDL audio output (mono, 16-bit,
// kSoundRate Hz); when there is none, sound is off and nothing fails (a
// screen must never stop for lack of a loudspeaker). chime() queues the chime
// at once. announce() queues the sentence spoken by espeak-ng (run as a
// process, French voice, its WAV read from its standard output) after
// whatever is already playing; synthesis runs on a worker thread so the
// screen never waits for it. Needs SDL_INIT_AUDIO.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <SDL2/SDL.h>

namespace guichet::display::sdl {

inline constexpr int kSoundRate = 22050;

// "Ding-dong": E5 then C5, each with a soft attack and an exponential decay.
std::vector<std::int16_t> make_chime(int rate = kSoundRate);

// Runs `espeak` (e.g. "espeak-ng") and returns its speech resampled to mono
// 16-bit at `rate`; nullopt when the program is missing or fails.
std::optional<std::vector<std::int16_t>> synthesize_french(const std::string& espeak,
                                                           const std::string& sentence,
                                                           int rate = kSoundRate);

class Sound {
  public:
    explicit Sound(std::string espeak = "espeak-ng");
    ~Sound();
    Sound(const Sound&) = delete;
    Sound& operator=(const Sound&) = delete;

    bool available() const { return device_ != 0; }
    void chime();
    void announce(std::string sentence);
    // Samples handed to the audio device so far (tests, benchmarks).
    std::uint64_t samples_queued() const { return queued_; }

  private:
    void queue(const std::vector<std::int16_t>& samples);
    void work();

    std::string espeak_;
    SDL_AudioDeviceID device_ = 0;
    std::atomic<std::uint64_t> queued_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::string> sentences_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace guichet::display::sdl
