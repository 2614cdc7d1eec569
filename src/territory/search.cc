#include "territory/search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "territory/metrics.h"
#include "territory/search_state.h"
#include "territory/transport.h"

namespace salesdesk::territory::internal {

namespace {

constexpr int kCandidateCentres = 16;    // nearest centres an account may be priced into
constexpr int kLocationRounds = 14;      // location–allocation rounds
constexpr int kPriceSweeps = 40;         // Gauss–Seidel price sweeps per assignment
constexpr int kMedoidCandidates = 16;    // members tried as the new medoid per round
constexpr int kImprovementRounds = 6;    // local search / relocation rounds
constexpr int kResplitRounds = 2;        // merge-and-split rounds, each then polished
constexpr int kExchangeRounds = 4;       // multi-exchange rounds, each then polished
constexpr int kExactRounds = 6;          // location–allocation rounds with exact assignment
// Exact assignment costs about accounts² × candidate centres per round, and its path
// searches about accounts × territories² × a few (many territories split many accounts
// and lengthen the paths: 2,015 accounts in 200 territories took 2 s a round): it runs
// when both stay within this budget (a few thousand accounts, up to about a hundred
// territories), like the region phase.
constexpr double kExactWork = 1e8;
constexpr double kExactPathFactor = 8;

double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// The price at which a territory's load comes closest to `target`: the accounts joining
// it are those with threshold below the price. Sorts only the part that can matter.
double CrossingPrice(std::vector<std::pair<double, double>>& items, double target, double nudge) {
  const std::size_t size = items.size();
  std::size_t limit = size;
  if (size > 64) {
    double total = 0;
    for (const auto& it : items) total += it.second;
    const double estimate = total > 0 ? target / (total / size) : size;
    limit = std::min(size, static_cast<std::size_t>(std::max(0.0, estimate) * 1.3) + 16);
    std::nth_element(items.begin(), items.begin() + (limit - 1), items.end());
  }
  std::sort(items.begin(), items.begin() + limit);
  double sum = 0, best_gap = std::abs(target);
  std::size_t take = 0, q = 0;
  for (;; ++q) {
    if (q == limit) {
      if (limit == size || sum > target) break;
      std::sort(items.begin() + limit, items.end());  // the estimate fell short
      limit = size;
    }
    sum += items[q].second;
    if (std::abs(sum - target) < best_gap) {
      best_gap = std::abs(sum - target);
      take = q + 1;
    }
    if (sum > target) break;
  }
  if (take == 0) return items[0].first - nudge;
  if (take == size) return items[take - 1].first + nudge;
  const double next = take < limit ? items[take].first
                                   : std::min_element(items.begin() + take, items.end())->first;
  return 0.5 * (items[take - 1].first + next);
}

}  // namespace

// ----------------------------------------------------------------------- seeding
namespace {
std::int64_t CurveIndex(std::int64_t n, std::int64_t x, std::int64_t y) {
  std::int64_t d = 0;
  for (std::int64_t s = n >> 1; s > 0; s >>= 1) {
    const std::int64_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}
}  // namespace

// Seeds follow the accounts' density, as balanced territories must: the accounts are
// ordered along a Hilbert curve over the equal-area map (randomly rotated and shifted per
// search), cut into k runs of equal workload (from a random phase), and each run's
// approximate medoid becomes a centre. Territories with a home base keep it; territories
// with locked accounts take the run nearest their first locked account.
void SearchState::SeedCentres() {
  const PlanePoints plane = ProjectEqualArea(in_.latitude, in_.longitude);
  const double angle = Uniform(rng_) * 2 * 3.141592653589793;
  const double ca = std::cos(angle), sa = std::sin(angle);
  std::vector<double> x(n_), y(n_);
  for (int i = 0; i < n_; ++i) {
    x[i] = ca * plane.x[i] - sa * plane.y[i];
    y[i] = sa * plane.x[i] + ca * plane.y[i];
  }
  const auto [minx, maxx] = std::minmax_element(x.begin(), x.end());
  const auto [miny, maxy] = std::minmax_element(y.begin(), y.end());
  const double span = std::max({*maxx - *minx, *maxy - *miny, 1e-12}) * 1.25;
  const double ox = *minx - Uniform(rng_) * 0.25 * span, oy = *miny - Uniform(rng_) * 0.25 * span;
  const std::int64_t grid = 1 << 16;
  std::vector<std::pair<std::int64_t, int>> order(n_);
  for (int i = 0; i < n_; ++i) {
    order[i] = {CurveIndex(grid, static_cast<std::int64_t>((x[i] - ox) / span * (grid - 1)),
                           static_cast<std::int64_t>((y[i] - oy) / span * (grid - 1))),
                i};
  }
  std::sort(order.begin(), order.end());
  const int shift = static_cast<int>(Uniform(rng_) * n_);
  std::rotate(order.begin(), order.begin() + shift, order.end());
  std::vector<std::vector<int>> runs(k_);
  double acc = 0;
  for (const auto& [key, i] : order) {
    const int r = std::min(k_ - 1, static_cast<int>(acc / mean_));
    runs[r].push_back(i);
    acc += in_.workload[i];
  }
  std::vector<Centre> seeds;
  for (const std::vector<int>& run : runs) {
    if (!run.empty()) seeds.push_back(ApproximateMedoid(run, -1));
  }
  std::vector<char> used(seeds.size(), 0), placed(k_, 0);
  auto take_nearest = [&](const UnitVector& p) {
    int best = -1;
    for (int q = 0; q < static_cast<int>(seeds.size()); ++q) {
      if (!used[q] && (best < 0 || ChordSquared(seeds[q].position, p) < ChordSquared(seeds[best].position, p))) best = q;
    }
    if (best >= 0) used[best] = 1;
    return best;
  };
  for (int t = 0; t < k_; ++t) {
    if (HasHome(t)) {
      centre_[t] = *spec_.homes[t];
      placed[t] = 1;
      take_nearest(centre_[t]);
    }
  }
  for (int i = 0; i < n_; ++i) {
    const int t = spec_.locked[i];
    if (t >= 0 && !placed[t]) {
      placed[t] = 1;
      take_nearest(in_.position[i]);
      centre_[t] = in_.position[i];
      centre_account_[t] = i;
    }
  }
  int q = 0;
  for (int t = 0; t < k_; ++t) {
    if (placed[t]) continue;
    while (q < static_cast<int>(seeds.size()) && used[q]) ++q;
    if (q < static_cast<int>(seeds.size())) {
      used[q] = 1;
      centre_[t] = seeds[q].position;
      centre_account_[t] = seeds[q].account;
    } else {  // fewer runs than territories (tiny instances): any unused account
      const int i = static_cast<int>(Uniform(rng_) * n_);
      centre_[t] = in_.position[i];
      centre_account_[t] = i;
    }
  }
}

// ----------------------------------------------------------------------- allocation
void SearchState::FindCandidates() {
  const int c = std::min(k_, kCandidateCentres);
  candidates_.assign(static_cast<std::size_t>(n_) * c, 0);
  candidate_km_.assign(static_cast<std::size_t>(n_) * c, 0);
  std::vector<std::pair<double, int>> d(k_);
  for (int i = 0; i < n_; ++i) {
    for (int t = 0; t < k_; ++t) d[t] = {ChordSquared(in_.position[i], centre_[t]), t};
    std::partial_sort(d.begin(), d.begin() + c, d.end());
    for (int j = 0; j < c; ++j) {
      candidates_[i * c + j] = d[j].second;
      candidate_km_[i * c + j] = Km(i, d[j].second);
    }
  }
  candidate_count_ = c;
}

// Prices the territories so that each account's cheapest territory (km − price) yields
// loads near the mean. Gauss–Seidel on the prices: territory by territory, the price is
// set exactly where its load crosses the mean given the other prices (an account joins t
// iff price_t > km_t − its best alternative), sweeping until all are within ±τ/2.
void SearchState::PricedAssignment() {
  FindCandidates();
  const int c = candidate_count_;
  std::vector<int> offset(k_ + 1, 0), slot_of;
  std::vector<double> fixed_load(k_, 0);
  for (int i = 0; i < n_; ++i) {
    if (spec_.locked[i] >= 0) {
      fixed_load[spec_.locked[i]] += in_.workload[i];
      continue;
    }
    for (int j = 0; j < c; ++j) ++offset[candidates_[i * c + j] + 1];
  }
  for (int t = 0; t < k_; ++t) offset[t + 1] += offset[t];
  slot_of.resize(offset[k_]);
  {
    std::vector<int> fill(offset.begin(), offset.end() - 1);
    for (int i = 0; i < n_; ++i) {
      if (spec_.locked[i] >= 0) continue;
      for (int j = 0; j < c; ++j) slot_of[fill[candidates_[i * c + j]]++] = i * c + j;
    }
  }
  // Best and second-best (cost, territory) per account, kept current as prices change.
  std::vector<double> c1(n_), c2(n_);
  std::vector<int> b1(n_), b2(n_);
  auto rescan = [&](int i) {
    c1[i] = c2[i] = std::numeric_limits<double>::infinity();
    b1[i] = b2[i] = -1;
    for (int j = 0; j < c; ++j) {
      const int t = candidates_[i * c + j];
      const double cost = candidate_km_[i * c + j] - price_[t];
      if (cost < c1[i]) {
        c2[i] = c1[i], b2[i] = b1[i];
        c1[i] = cost, b1[i] = t;
      } else if (cost < c2[i]) {
        c2[i] = cost, b2[i] = t;
      }
    }
  };
  for (int i = 0; i < n_; ++i) rescan(i);
  std::vector<std::pair<double, double>> threshold;  // (km_t − best alternative, workload)
  const int sweeps = first_assignment_ ? kPriceSweeps : kPriceSweeps / 3;
  first_assignment_ = false;
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    for (int t = 0; t < k_; ++t) {
      threshold.clear();
      for (int q = offset[t]; q < offset[t + 1]; ++q) {
        const int at = slot_of[q], i = at / c;
        const double alternative = b1[i] == t ? c2[i] : c1[i];
        threshold.push_back({candidate_km_[at] - alternative, in_.workload[i]});
      }
      if (threshold.empty()) continue;
      const double target = mean_ - fixed_load[t];
      price_[t] = CrossingPrice(threshold, target, scale_km_ * 1e-3);
      for (int q = offset[t]; q < offset[t + 1]; ++q) {
        const int at = slot_of[q], i = at / c;
        const double cost = candidate_km_[at] - price_[t];
        if (b1[i] == t) {
          c1[i] = cost;
          if (c1[i] > c2[i]) rescan(i);
        } else if (b2[i] == t) {
          if (cost < c1[i]) {
            std::swap(b1[i], b2[i]);
            c2[i] = c1[i];
            c1[i] = cost;
          } else if (cost > c2[i]) {
            rescan(i);
          } else {
            c2[i] = cost;
          }
        } else if (cost < c1[i]) {
          c2[i] = c1[i], b2[i] = b1[i];
          c1[i] = cost, b1[i] = t;
        } else if (cost < c2[i]) {
          c2[i] = cost, b2[i] = t;
        }
      }
    }
    AssignByPrice();
    double worst = 0;
    for (int t = 0; t < k_; ++t) worst = std::max(worst, std::abs(load_[t] / mean_ - 1.0));
    if (worst <= spec_.tolerance * 0.8) break;
  }
}

void SearchState::AssignByPrice() {
  const int c = candidate_count_;
  for (int i = 0; i < n_; ++i) {
    int best = spec_.locked[i];
    if (best < 0) {
      double best_cost = std::numeric_limits<double>::infinity();
      for (int j = 0; j < c; ++j) {
        const int t = candidates_[i * c + j];
        const double cost = candidate_km_[i * c + j] - price_[t];
        if (cost < best_cost) {
          best_cost = cost;
          best = t;
        }
      }
    }
    terr_[i] = best;
  }
  RecountAll();
}

// Location–allocation with the exact balanced assignment (transport.h) instead of prices:
// the centres fixed, accounts go where the transportation optimum puts most of their
// hours (within the workload band, among their candidate centres; locked accounts only to
// their territory), then the centres move to the new medoids; while dispersion falls
// (the first round always counts: it is the exact assignment for the plan's own centres).
// Skipped on large instances (kExactWork). The plan it leaves is within the band up to
// the few rounded accounts; contiguity and exact balance are restored after it.
void SearchState::ExactAllocation() {
  double previous = Dispersion();
  for (int round = 0; round < kExactRounds && !Stopped(); ++round) {
    FindCandidates();
    const int c = candidate_count_;
    if (static_cast<double>(n_) * n_ * c > kExactWork ||
        static_cast<double>(n_) * k_ * k_ * kExactPathFactor > kExactWork) {
      return;
    }
    TransportProblem p;
    p.centres = k_;
    p.width = c;
    p.weight = in_.workload;
    p.centre = candidates_;
    p.km = candidate_km_;
    p.load_min = lo_;
    p.load_max = hi_;
    for (int i = 0; i < n_; ++i) {
      const int t = spec_.locked[i];
      if (t < 0) continue;
      for (int j = 0; j < c; ++j) p.centre[i * c + j] = j == 0 ? t : -1;
      p.km[i * c] = Km(i, t);
    }
    const TransportPlan plan = SolveTransport(p);
    if (!plan.feasible) return;
    const std::vector<int> before = terr_;
    const std::vector<UnitVector> centres = centre_;
    const std::vector<int> centre_accounts = centre_account_;
    terr_ = plan.rounded;
    RecountAll();
    UpdateCentres(false);
    const double d = Dispersion();
    if (round > 0 && d > previous * (1 - 1e-4)) {
      if (d > previous) {
        terr_ = before, centre_ = centres, centre_account_ = centre_accounts;
        RecountAll();
      }
      return;
    }
    previous = d;
  }
}

// Moves each centre to the best of the members nearest the territory's weighted centroid
// (the exact medoid is near it: the weighted sum of distances is convex on the plane).
void SearchState::UpdateCentres(bool exact) {
  std::vector<std::vector<int>> members(k_);
  for (int i = 0; i < n_; ++i) members[terr_[i]].push_back(i);
  for (int t = 0; t < k_; ++t) {
    if (HasHome(t) || members[t].empty()) continue;
    const int now = centre_account_[t] >= 0 && terr_[centre_account_[t]] == t ? centre_account_[t] : -1;
    Centre c = exact ? WeightedMedoid(in_, members[t]) : ApproximateMedoid(members[t], now);
    centre_[t] = c.position;
    centre_account_[t] = c.account;
  }
}

Centre SearchState::ApproximateMedoid(const std::vector<int>& members, int current) const {
  double sx = 0, sy = 0, sz = 0;
  for (int i : members) {
    sx += in_.workload[i] * in_.position[i].x;
    sy += in_.workload[i] * in_.position[i].y;
    sz += in_.workload[i] * in_.position[i].z;
  }
  const double norm = std::max(std::sqrt(sx * sx + sy * sy + sz * sz), 1e-300);
  const UnitVector g{sx / norm, sy / norm, sz / norm};
  std::vector<std::pair<double, int>> near;
  near.reserve(members.size());
  for (int i : members) near.push_back({ChordSquared(in_.position[i], g), i});
  const std::size_t m = std::min<std::size_t>(near.size(), kMedoidCandidates);
  std::partial_sort(near.begin(), near.begin() + m, near.end());
  near.resize(m);
  if (current >= 0) near.push_back({0, current});
  Centre best{-1, {}, std::numeric_limits<double>::infinity()};
  for (std::size_t q = 0; q < near.size(); ++q) {
    const int j = near[q].second;
    double s = 0;
    for (int i : members) {
      s += in_.workload[i] * GreatCircleKm(in_.position[i], in_.position[j]);
      if (s >= best.dispersion_km_h) break;
    }
    if (s < best.dispersion_km_h) best = {j, in_.position[j], s};
  }
  return best;
}

// Gives every empty territory the free account nearest its centre.
void SearchState::FillEmptyTerritories() {
  for (int t = 0; t < k_; ++t) {
    if (count_[t] > 0) continue;
    int pick = -1;
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < n_; ++i) {
      if (spec_.locked[i] >= 0 || count_[terr_[i]] <= 1) continue;
      const double d = ChordSquared(in_.position[i], centre_[t]);
      if (d < best) {
        best = d;
        pick = i;
      }
    }
    if (pick >= 0) Move(pick, t);
  }
}

// Keeps each territory's main piece (the one with its centre, else its most workload) and
// hands the accounts of the other pieces, one boundary layer at a time, to the adjacent
// territory whose centre is nearest. Locked accounts stay, and so do accounts the
// disruption limit no longer lets move (the limit is a promise; a piece left cut off is
// reported by the metrics).
void SearchState::RepairContiguity() {
  std::vector<int> piece(n_, -1);
  std::vector<double> piece_load;
  std::vector<int> piece_terr;
  for (int s = 0; s < n_; ++s) {
    if (piece[s] >= 0) continue;
    const int id = static_cast<int>(piece_load.size());
    piece_load.push_back(0);
    piece_terr.push_back(terr_[s]);
    std::vector<int> stack{s};
    piece[s] = id;
    while (!stack.empty()) {
      const int u = stack.back();
      stack.pop_back();
      piece_load[id] += in_.workload[u] + (spec_.locked[u] >= 0 ? 1e12 : 0) +
                        (u == centre_account_[terr_[u]] ? 1e15 : 0);
      for (int v : in_.graph.Neighbours(u)) {
        if (piece[v] < 0 && terr_[v] == terr_[u]) {
          piece[v] = id;
          stack.push_back(v);
        }
      }
    }
  }
  std::vector<int> main_piece(k_, -1);
  for (int p = 0; p < static_cast<int>(piece_load.size()); ++p) {
    int& m = main_piece[piece_terr[p]];
    if (m < 0 || piece_load[p] > piece_load[m]) m = p;
  }
  std::vector<int> orphans;
  for (int i = 0; i < n_; ++i) {
    if (piece[i] != main_piece[terr_[i]] && spec_.locked[i] < 0) orphans.push_back(i);
  }
  if (orphans.empty()) return;
  std::vector<char> orphan(n_, 0);
  for (int i : orphans) orphan[i] = 1;
  while (!orphans.empty()) {
    std::vector<std::pair<int, int>> decided;
    for (int i : orphans) {
      if (!Movable(i)) continue;
      int best = -1;
      double best_km = std::numeric_limits<double>::infinity();
      for (int v : in_.graph.Neighbours(i)) {
        if (orphan[v]) continue;
        const double km = Km(i, terr_[v]);
        if (km < best_km) {
          best_km = km;
          best = terr_[v];
        }
      }
      if (best >= 0) decided.emplace_back(i, best);
    }
    if (decided.empty()) break;
    bool moved_any = false;
    for (auto [i, t] : decided) {
      if (!Movable(i)) continue;
      Move(i, t);
      orphan[i] = 0;
      moved_any = true;
    }
    if (!moved_any) break;
    std::erase_if(orphans, [&](int i) { return !orphan[i]; });
  }
}

// ----------------------------------------------------------------------- driver
SearchResult SearchState::Run(const std::vector<int>& start) {
  if (k_ == 1) {  // one territory holds every account: nothing to search (and pricing
    std::fill(terr_.begin(), terr_.end(), 0);  // needs a second territory to compare)
    RecountAll();
    UpdateCentres(true);
    return Finish();
  }
  if (start.empty()) {
    SeedCentres();
    double previous = std::numeric_limits<double>::infinity();
    for (int round = 0; round < kLocationRounds && !Stopped(); ++round) {
      PricedAssignment();
      UpdateCentres(false);
      const double d = Dispersion();
      if (d > previous * (1 - 1e-4)) break;
      previous = d;
    }
    FillEmptyTerritories();
  } else {
    StartFrom(start);
    if (spec_.exact_allocation && spec_.current.empty()) {
      ExactAllocation();
      FillEmptyTerritories();
    }
  }
  RepairContiguity();
  potential_reference_ = Dispersion();
  for (int round = 0; round < kImprovementRounds && !Stopped(); ++round) {
    RepairBalance();
    const double before = Objective();
    ImproveBoundaries();
    UpdateCentres(round + 1 == kImprovementRounds);
    if (Objective() > before * (1 - 1e-5) && round > 0) {
      UpdateCentres(true);
      break;
    }
  }
  RepairBalance();
  UpdateCentres(true);
  for (int round = 0; round < kResplitRounds && !Stopped(); ++round) {
    const double before = Objective();
    if (!ResplitPairs()) break;
    ImproveBoundaries();
    RepairBalance();
    UpdateCentres(true);
    if (Objective() > before * (1 - 1e-5)) break;
  }
  for (int round = 0; round < kExchangeRounds && spec_.multi_exchange && !Stopped(); ++round) {
    const double before = Objective();
    if (!MultiExchange()) break;
    UpdateCentres(true);
    ImproveBoundaries();
    RepairBalance();
    UpdateCentres(true);
    if (Objective() > before * (1 - 1e-5)) break;
  }
  if (spec_.balance_exchanges && !Stopped() && TotalViolation() > 0 && BalanceByExchanges()) {
    UpdateCentres(true);
  }
  if (spec_.oscillate && !Stopped() && Oscillate()) UpdateCentres(true);
  return Finish();
}

SearchResult RunSearch(const Instance& instance, const SearchSpec& spec, std::uint64_t seed,
                       const std::vector<int>& start) {
  SearchState state(instance, spec, seed);
  return state.Run(start);
}

}  // namespace salesdesk::territory::internal
