// Visitors who leave: how the chance that a called visitor is not there grows
// with the time they waited.
//
// Contract: pure. Each call that ended (came, or marked no-show) is recorded
// with the time its visitor had waited in the room. The fit is the maximum
// likelihood of P(not there | waited w) = 1 - (1 - p0) exp(-w / patience):
// p0 the share who never come, patience the mean of an exponential patience.
// It keeps the wait-independent share (no patience) unless the log shows a
// significant growth with the wait (likelihood-ratio test at 5 %), and needs
// kMinCalls calls first. Memory is bounded: calls are counted in one-minute bins
// of wait, which fade by `fade` a day so that the fit follows the site.
#pragma once

#include <array>
#include <optional>

namespace guichet::regulation {

struct Patience {
    double never_come = 0;                  // p0
    std::optional<double> mean_patience_s;  // nullopt: nobody leaves for having waited
};

class PatienceLearner {
  public:
    static constexpr double kMinCalls = 200;

    explicit PatienceLearner(double fade = 0.98) : fade_(fade) {}
    void record(double waited_s, bool no_show);
    // A new day: yesterday's counts fade, and the fit is redone.
    void start_day();
    // The fit as of the last start_day() (nullopt before kMinCalls calls were seen).
    const std::optional<Patience>& fit() const { return fit_; }

  private:
    static constexpr std::size_t kBins = 241;  // minutes 0 .. 239 waited, then 4 h or more
    double fade_;
    std::array<double, kBins> calls_{};
    std::array<double, kBins> no_shows_{};
    std::optional<Patience> fit_;
};

// The likelihood fit on counts per one-minute bin of wait (exposed for tests).
std::optional<Patience> fit_patience(const double* calls, const double* no_shows, std::size_t bins);

}  // namespace guichet::regulation
