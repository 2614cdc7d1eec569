// Prediction intervals for ETS models (HKOS ch. 6): closed forms for the linear classes
// and sample-path simulation for the rest.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "forecast/ets_model.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using ets_internal::C;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// xoshiro256** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
// generators"), seeded through splitmix64, with Gaussian draws by the polar method
// (Marsaglia & Bray 1964, which needs no trigonometric function). Written out here so that the
// draws are the same on every platform (std::normal_distribution is implementation-defined).
class Gaussian {
 public:
  explicit Gaussian(std::uint64_t seed) {
    for (auto& word : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  double Next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, r2;
    do {
      u = 2 * Uniform() - 1, v = 2 * Uniform() - 1, r2 = u * u + v * v;
    } while (r2 >= 1 || r2 == 0);
    const double f = std::sqrt(-2 * std::log(r2) / r2);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t Bits() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3], s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform on (0, 1): 53 random bits, never 0.
  double Uniform() { return (static_cast<double>(Bits() >> 11) + 0.5) * 0x1.0p-53; }

  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// c_j = w' F^{j-1} g of HKOS table 6.1 for the linear models, j = 1..horizon - 1:
// alpha + beta (phi + ... + phi^j) + gamma [j % m == 0].
std::vector<double> ImpulseWeights(const EtsModel& model, int horizon) {
  const EtsParameters& p = model.params;
  const bool trend = model.spec.trend != C::kNone;
  const int m = model.spec.Seasonal() ? model.period : 0;
  std::vector<double> c(std::max(0, horizon - 1));
  double phi_j = 0, phi_power = 1;
  for (int j = 1; j < horizon; ++j) {
    phi_power *= p.phi;
    phi_j += phi_power;
    c[j - 1] = p.alpha + (trend ? p.beta * phi_j : 0) + (m > 0 && j % m == 0 ? p.gamma : 0);
  }
  return c;
}

// Forecast variances of HKOS 6.2: class 1 (additive error)
//   v_h = sigma^2 (1 + sum_{j<h} c_j^2),
// class 2 (multiplicative error) with theta_1 = mu_1^2,
//   theta_h = mu_h^2 + sigma^2 sum_{j<h} c_j^2 theta_{h-j},  v_h = (1 + sigma^2) theta_h - mu_h^2.
std::vector<double> LinearVariances(const EtsModel& model, const std::vector<double>& mean) {
  const int horizon = static_cast<int>(mean.size());
  const std::vector<double> c = ImpulseWeights(model, horizon);
  const double s2 = model.sigma2;
  std::vector<double> v(horizon);
  if (model.spec.error == C::kAdditive) {
    double sum = 1;
    for (int h = 1; h <= horizon; ++h) {
      if (h > 1) sum += c[h - 2] * c[h - 2];
      v[h - 1] = s2 * sum;
    }
    return v;
  }
  std::vector<double> theta(horizon);
  for (int h = 1; h <= horizon; ++h) {
    double sum = 0;
    for (int j = 1; j < h; ++j) sum += c[j - 1] * c[j - 1] * theta[h - j - 1];
    theta[h - 1] = mean[h - 1] * mean[h - 1] + s2 * sum;
    v[h - 1] = (1 + s2) * theta[h - 1] - mean[h - 1] * mean[h - 1];
  }
  return v;
}

// Writes `paths` sample paths into out[(h - 1) * paths + path]; a path whose state
// leaves the model's domain is NaN from there on. All paths advance one step at a time,
// with each seasonal state stored for all paths side by side, so that every step reads
// and writes contiguous memory.
template <C kTrend, C kSeason>
void Simulate(const EtsModel& model, int horizon, int paths, std::uint64_t seed,
              std::vector<double>* out) {
  const EtsParameters& p = model.params;
  const int n = model.num_observations;
  const std::vector<double> ring0 = ets_internal::SeasonToRing(model.final.season, n);
  const int m = static_cast<int>(ring0.size());
  const double sigma = std::sqrt(std::max(0.0, model.sigma2));
  const bool mult_error = model.spec.error == C::kMultiplicative;
  Gaussian gaussian(seed);
  std::vector<double> level(paths, model.final.level), trend(paths, model.final.trend);
  std::vector<double> season(static_cast<std::size_t>(m) * paths);
  for (int k = 0; k < m; ++k) {
    std::fill_n(season.begin() + static_cast<std::ptrdiff_t>(k) * paths, paths, ring0[k]);
  }
  std::vector<char> alive(paths, 1);
  for (int h = 0; h < horizon; ++h) {
    double* s_k = m > 0 ? season.data() + static_cast<std::size_t>((n + h) % m) * paths : nullptr;
    double* y_out = out->data() + static_cast<std::size_t>(h) * paths;
    for (int i = 0; i < paths; ++i) {
      if (!alive[i]) {
        y_out[i] = kNaN;
        continue;
      }
      double s = m > 0 ? s_k[i] : 0;
      const double q = ets_internal::TrendPart<kTrend>(level[i], trend[i], p.phi);
      const double mu = ets_internal::WithSeason<kSeason>(q, s);
      const double e = sigma * gaussian.Next();
      const double y = mult_error ? mu * (1 + e) : mu + e;
      y_out[i] = y;
      alive[i] = ets_internal::UpdateState<kTrend, kSeason>(p, y, q, &level[i], &trend[i], &s) &&
                 std::isfinite(level[i]);
      if (m > 0) s_k[i] = s;
    }
  }
}

template <C kTrend>
void SimulateSeason(const EtsModel& model, int horizon, int paths, std::uint64_t seed,
                    std::vector<double>* out) {
  switch (model.spec.season) {
    case C::kAdditive:
      return Simulate<kTrend, C::kAdditive>(model, horizon, paths, seed, out);
    case C::kMultiplicative:
      return Simulate<kTrend, C::kMultiplicative>(model, horizon, paths, seed, out);
    default:
      return Simulate<kTrend, C::kNone>(model, horizon, paths, seed, out);
  }
}

// Places the order statistics ranks[r_begin..r_end) (ascending, all within
// [begin, end)) of v at their sorted positions.
void SelectRanks(std::span<double> v, std::size_t begin, std::size_t end,
                 const std::vector<std::size_t>& ranks, std::size_t r_begin, std::size_t r_end) {
  if (r_begin >= r_end) return;
  const std::size_t mid = r_begin + (r_end - r_begin) / 2, k = ranks[mid];
  std::nth_element(v.begin() + begin, v.begin() + k, v.begin() + end);
  SelectRanks(v, begin, k, ranks, r_begin, mid);
  SelectRanks(v, k + 1, end, ranks, mid + 1, r_end);
}

// Fills the bounds of `f` from the quantiles of simulated paths.
void SimulatedBounds(const EtsModel& model, int horizon, const EtsIntervalOptions& options,
                     Forecast* f) {
  const int paths = std::max(options.paths, 100);
  std::vector<double> sims = ets_internal::SimulateEtsPaths(model, horizon, paths, options.seed);
  for (int h = 0; h < horizon; ++h) {
    const auto first = sims.begin() + static_cast<std::ptrdiff_t>(h) * paths;
    const auto last =
        std::remove_if(first, first + paths, [](double v) { return !std::isfinite(v); });
    const std::span<double> column(&*first, static_cast<std::size_t>(last - first));
    const std::array<double, 4> q = ets_internal::SampleQuantiles(column, {0.025, 0.1, 0.9, 0.975});
    f->lo95[h] = q[0], f->lo80[h] = q[1], f->hi80[h] = q[2], f->hi95[h] = q[3];
  }
}

}  // namespace

namespace ets_internal {

std::array<double, 4> SampleQuantiles(std::span<double> v, const std::array<double, 4>& levels) {
  std::array<double, 4> q;
  q.fill(kNaN);
  if (v.empty()) return q;
  // The order statistics needed (floor(pos) and the next one for each level), selected
  // at once: each nth_element splits the range so that the others search only their
  // side (about 3n comparisons in all instead of 2n per statistic).
  std::vector<std::size_t> ranks;
  for (double level : levels) {
    const auto lo = static_cast<std::size_t>(std::floor(level * static_cast<double>(v.size() - 1)));
    ranks.push_back(lo);
    ranks.push_back(std::min(lo + 1, v.size() - 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  SelectRanks(v, 0, v.size(), ranks, 0, ranks.size());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double pos = levels[i] * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const double next = v[std::min(lo + 1, v.size() - 1)];
    q[i] = v[lo] + (pos - static_cast<double>(lo)) * (next - v[lo]);
  }
  return q;
}

std::vector<double> SimulateEtsPaths(const EtsModel& model, int horizon, int paths,
                                     std::uint64_t seed) {
  std::vector<double> out(static_cast<std::size_t>(paths) * horizon);
  switch (model.spec.trend) {
    case C::kAdditive:
      SimulateSeason<C::kAdditive>(model, horizon, paths, seed, &out);
      break;
    case C::kMultiplicative:
      SimulateSeason<C::kMultiplicative>(model, horizon, paths, seed, &out);
      break;
    default:
      SimulateSeason<C::kNone>(model, horizon, paths, seed, &out);
  }
  return out;
}

}  // namespace ets_internal

Forecast ForecastEts(const EtsModel& model, int horizon, const EtsIntervalOptions& options) {
  horizon = std::max(horizon, 1);
  std::vector<double> mean = ets_internal::EtsPointForecasts(model, horizon);
  Forecast f;
  if (model.spec.Linear() && !options.simulate) {
    const std::vector<double> v = LinearVariances(model, mean);
    std::vector<double> se(horizon);
    for (int h = 0; h < horizon; ++h) se[h] = std::sqrt(std::max(0.0, v[h]));
    f = internal::MakeForecast(std::move(mean), se);
  } else {
    f.mean = std::move(mean);
    f.lo80.resize(horizon), f.hi80.resize(horizon), f.lo95.resize(horizon), f.hi95.resize(horizon);
    SimulatedBounds(model, horizon, options, &f);
  }
  f.method = model.spec.Name();
  f.fitted = model.fitted;
  f.aicc = model.aicc;
  f.note = model.note;
  return f;
}

}  // namespace salesdesk::forecast
