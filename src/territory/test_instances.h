// Instances shared by the territory engine's tests (test code only).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "territory/instance.h"
#include "territory/search.h"

namespace salesdesk::territory::testing {

// 600 accounts in three clusters of uneven density around (40, -100), (41.5, -97) and
// (39, -96), with workloads from `least` to `most` hours; the same for the same seed.
inline Instance ThreeClusters(std::uint64_t seed, double least = 1, double most = 4) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0, 1);
  std::uniform_real_distribution<double> work(least, most);
  std::vector<AccountRow> rows;
  const double centres[3][3] = {{40, -100, 0.8}, {41.5, -97, 0.4}, {39, -96, 1.2}};
  for (int i = 0; i < 600; ++i) {
    const auto& c = centres[i % 3];
    std::string id = "a";  // appended: "a" + std::to_string trips GCC 12's -Wrestrict at -O3
    id += std::to_string(i);
    rows.push_back({id, c[0] + c[2] * jitter(rng), c[1] + c[2] * jitter(rng), work(rng), 0});
  }
  return std::move(Instance::Build(rows)).value();
}

// A tight band: ThreeClusters with accounts of 50–92 h, and (TightBandSpec) 60
// territories of about ten accounts at ±2% (±13 h, narrower than any account),
// multi-exchange on, nothing locked. The balance repair alone leaves some territories
// just outside this band.
inline Instance TightBand() { return ThreeClusters(33, 50, 92); }
inline internal::SearchSpec TightBandSpec(const Instance& in) {
  internal::SearchSpec spec;
  spec.territories = 60;
  spec.tolerance = 0.02;
  spec.locked.assign(in.size(), -1);
  spec.multi_exchange = true;
  return spec;
}

}  // namespace salesdesk::territory::testing
