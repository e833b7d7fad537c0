#include "controller/regulation/patience.h"

#include <algorithm>
#include <cmath>

namespace guichet::regulation {
namespace {

constexpr double kChi2At5Percent = 3.841;  // one degree of freedom

struct Counts {
    const double* calls;
    const double* no_shows;
    std::size_t bins;

    // Log-likelihood of (p0, patience); the wait of bin b is taken at its middle.
    double log_likelihood(double p0, double patience_s) const {
        double ll = 0;
        for (std::size_t b = 0; b < bins; ++b) {
            if (calls[b] <= 0) continue;
            const double waited = (static_cast<double>(b) + 0.5) * 60;
            const double stays = (1 - p0) * std::exp(-waited / patience_s);
            const double gone = std::max(1e-12, 1 - stays);
            ll += no_shows[b] * std::log(gone) +
                  (calls[b] - no_shows[b]) * std::log(std::max(1e-12, stays));
        }
        return ll;
    }
};

// Golden-section search of the maximum of a unimodal f on [lo, hi].
template <typename F>
double argmax(F f, double lo, double hi) {
    const double r = (std::sqrt(5.0) - 1) / 2;
    double a = lo, b = hi;
    double c = b - r * (b - a), d = a + r * (b - a);
    double fc = f(c), fd = f(d);
    for (int i = 0; i < 25; ++i) {  // the bracket shrinks to 6e-6 of its width
        if (fc < fd) {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        } else {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        }
    }
    return (a + b) / 2;
}

}  // namespace

std::optional<Patience> fit_patience(const double* calls, const double* no_shows,
                                     std::size_t bins) {
    double n = 0, k = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        n += calls[b];
        k += no_shows[b];
    }
    if (n < PatienceLearner::kMinCalls) return std::nullopt;
    const Counts counts{calls, no_shows, bins};
    // No patience: every call has the same chance, the share of no-shows.
    const double share = k / n;
    const double flat = counts.log_likelihood(share, INFINITY);
    // Patience from 10 min to about 2 days, searched on its logarithm; p0 for each.
    double best_p0 = share;
    const auto profile = [&](double log_patience) {
        const double patience = std::exp(log_patience);
        best_p0 = argmax([&](double p0) { return counts.log_likelihood(p0, patience); }, 0,
                         std::min(0.99, share));
        return counts.log_likelihood(best_p0, patience);
    };
    const double log_patience = argmax(profile, std::log(600.0), std::log(172800.0));
    const double ll = profile(log_patience);
    if (2 * (ll - flat) < kChi2At5Percent) return Patience{share, std::nullopt};
    return Patience{best_p0, std::exp(log_patience)};
}

void PatienceLearner::record(double waited_s, bool no_show) {
    const auto bin =
        static_cast<std::size_t>(std::clamp(waited_s / 60, 0.0, static_cast<double>(kBins - 1)));
    calls_[bin] += 1;
    no_shows_[bin] += no_show ? 1 : 0;
}

void PatienceLearner::start_day() {
    fit_ = fit_patience(calls_.data(), no_shows_.data(), kBins);
    for (std::size_t b = 0; b < kBins; ++b) {
        calls_[b] *= fade_;
        no_shows_[b] *= fade_;
    }
}

}  // namespace guichet::regulation
