// The running half of AlignTerritories: searches on worker threads, choice of the best,
// labels matched to the current alignment, and the explanation of every move.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include "territory/alignment.h"
#include "territory/lower_bound.h"
#include "territory/search.h"

namespace salesdesk::territory {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kRegionWork = 40000;  // region steps per chain × accounts (see RegionSteps)

std::uint64_t MixSeed(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string Format(const char* fmt, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

// Better first: balanced, contiguous, lower objective, then the lower search number so
// that the choice never depends on which thread finished first.
bool Better(const internal::SearchResult& a, int ra, const internal::SearchResult& b, int rb) {
  if (a.balanced != b.balanced) return a.balanced;
  if (a.noncontiguous != b.noncontiguous) return a.noncontiguous < b.noncontiguous;
  if (a.objective != b.objective) return a.objective < b.objective;
  return ra < rb;
}

// Renumbers a fresh plan's territories so that each keeps the label (rep) of the current
// territory it shares most workload with (greedy, largest overlap first). Territories
// pinned by locks or home bases keep their number.
std::vector<int> MatchLabels(const Instance& in, const internal::SearchSpec& spec,
                             const std::vector<int>& plan) {
  const int k = spec.territories;
  std::vector<char> pinned(k, 0);
  for (int t = 0; t < k; ++t) pinned[t] = t < static_cast<int>(spec.homes.size()) && spec.homes[t];
  for (int i = 0; i < in.size(); ++i) {
    if (spec.locked[i] >= 0) pinned[spec.locked[i]] = 1;
  }
  std::vector<double> overlap(static_cast<std::size_t>(k) * k, 0);
  for (int i = 0; i < in.size(); ++i) {
    if (spec.current[i] >= 0) overlap[plan[i] * k + spec.current[i]] += in.workload[i];
  }
  std::vector<int> label(k, -1);
  std::vector<char> used(k, 0);
  for (int t = 0; t < k; ++t) {
    if (pinned[t]) label[t] = t, used[t] = 1;
  }
  std::vector<std::pair<double, int>> pairs;
  for (int t = 0; t < k; ++t) {
    for (int c = 0; c < k; ++c) {
      if (!pinned[t] && !used[c] && overlap[t * k + c] > 0) pairs.push_back({-overlap[t * k + c], t * k + c});
    }
  }
  std::sort(pairs.begin(), pairs.end());
  for (auto [neg, key] : pairs) {
    const int t = key / k, c = key % k;
    if (label[t] >= 0 || used[c]) continue;
    label[t] = c;
    used[c] = 1;
  }
  int free = 0;
  for (int t = 0; t < k; ++t) {
    if (label[t] >= 0) continue;
    while (used[free]) ++free;
    label[t] = free;
    used[free] = 1;
  }
  std::vector<int> out(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) out[i] = label[plan[i]];
  return out;
}

// Which accounts sit outside the main (heaviest) piece of their territory.
std::vector<char> CutOff(const Instance& in, const std::vector<int>& terr, int k) {
  std::vector<int> piece(in.size(), -1);
  std::vector<double> piece_load;
  std::vector<int> piece_terr;
  for (int s = 0; s < in.size(); ++s) {
    if (piece[s] >= 0 || terr[s] < 0) continue;
    const int id = static_cast<int>(piece_load.size());
    piece_load.push_back(0);
    piece_terr.push_back(terr[s]);
    std::vector<int> stack{s};
    piece[s] = id;
    while (!stack.empty()) {
      const int u = stack.back();
      stack.pop_back();
      piece_load[id] += in.workload[u];
      for (int v : in.graph.Neighbours(u)) {
        if (piece[v] < 0 && terr[v] == terr[u]) piece[v] = id, stack.push_back(v);
      }
    }
  }
  std::vector<int> main(k, -1);
  for (int p = 0; p < static_cast<int>(piece_load.size()); ++p) {
    int& m = main[piece_terr[p]];
    if (m < 0 || piece_load[p] > piece_load[m]) m = p;
  }
  std::vector<char> out(in.size(), 0);
  for (int i = 0; i < in.size(); ++i) out[i] = terr[i] >= 0 && piece[i] != main[terr[i]];
  return out;
}

UnitVector CentreOf(const Instance& in, const TerritoryMetrics& t,
                    const std::optional<UnitVector>& home) {
  if (home) return *home;
  const int j = in.IndexOf(t.centre_account);
  return j >= 0 ? in.position[j] : UnitVector{};
}

std::vector<AccountMove> ExplainMoves(const Instance& in, const internal::SearchSpec& spec,
                                      const std::vector<std::string>& names,
                                      const std::vector<int>& plan, const AlignmentMetrics& now) {
  const int k = spec.territories;
  Alignment before{names, spec.current};
  const AlignmentMetrics was = Measure(in, before, spec.homes, spec.tolerance);
  const std::vector<char> cut = CutOff(in, spec.current, k);
  std::vector<AccountMove> moves;
  for (int i = 0; i < in.size(); ++i) {
    const int from = spec.current[i], to = plan[i];
    if (from == to) continue;
    AccountMove m{in.ids[i], from >= 0 ? names[from] : "", names[to]};
    if (from < 0) {
      m.why = MoveWhy::kNewAccount;
      m.reason = "new account: joins the nearest suitable territory";
    } else if (spec.locked[i] == to) {
      m.why = MoveWhy::kLocked;
      m.reason = "locked to " + names[to];
    } else if (cut[i]) {
      m.why = MoveWhy::kCutOff;
      m.reason = "contiguity: was cut off from the rest of " + names[from];
    } else if (was.territories[from].workload_deviation > spec.tolerance) {
      m.why = MoveWhy::kFromOverloaded;
      m.deviation = was.territories[from].workload_deviation;
      m.reason = "balance: " + names[from] + Format(" was %.1f%% over the mean workload", m.deviation * 100);
    } else if (was.territories[to].workload_deviation < -spec.tolerance) {
      m.why = MoveWhy::kToUnderloaded;
      m.deviation = was.territories[to].workload_deviation;
      m.reason = "balance: " + names[to] + Format(" was %.1f%% under the mean workload", -m.deviation * 100);
    } else {
      const double old_km = GreatCircleKm(in.position[i], CentreOf(in, was.territories[from], spec.homes.empty() ? std::nullopt : spec.homes[from]));
      const double new_km = GreatCircleKm(in.position[i], CentreOf(in, now.territories[to], spec.homes.empty() ? std::nullopt : spec.homes[to]));
      if (new_km < old_km) {
        m.why = MoveWhy::kCloser;
        m.km_before = old_km, m.km_after = new_km;
        m.reason = Format("compactness: %.0f km from its centre instead of %.0f km", new_km, old_km);
      } else {
        m.reason = "balance: makes room for other moves";
      }
    }
    moves.push_back(std::move(m));
  }
  return moves;
}

// Region searches (phase two) run from the best few plans of phase one.
constexpr int kRegionChains = 2;
constexpr int kRegionMinSteps = 8;   // fewer steps than this are not worth a phase
constexpr int kRegionMaxSteps = 40;  // the gains level off well before this

// Region re-alignments per chain. A step re-aligns a few territories' accounts a few
// times, so it costs a fixed share of one search on small instances; the phase gets a
// budget of kRegionWork account-steps, i.e. many steps on a few thousand accounts and
// none on large instances, where a single search already takes seconds.
int RegionSteps(int n, int k) {
  if (k < 3) return 0;
  const int steps = std::min(kRegionMaxSteps, static_cast<int>(kRegionWork / n));
  return steps >= kRegionMinSteps ? steps : 0;
}

// Location–allocation with the exact balanced assignment from a finished plan's medoids
// (search.h, exact_allocation), then the usual repair and improvement, repeated from each
// better plan up to kPolishRounds times. Returns the best plan seen (`plan` itself when
// it was stopped or nothing beat it). Deterministic for a seed.
constexpr int kPolishRounds = 4;
// Up to this many accounts every seeded search ends with multi-exchange; above it only
// the finalists do (it would cost more than the searches themselves).
constexpr int kExchangeEverySearch = 4000;
// Up to this many accounts every search then oscillates around the band as well. Above
// it the repairs cost too much (3,818 Australian places: 3.4 s → 9.2 s for the same plan).
constexpr int kOscillateEverySearch = 2000;

internal::SearchResult PolishByExactAllocation(const Instance& in, internal::SearchSpec spec,
                                               std::uint64_t seed, internal::SearchResult plan) {
  spec.exact_allocation = true;
  spec.multi_exchange = true;
  for (int round = 0; round < kPolishRounds; ++round) {
    if (plan.stopped || plan.territory_of.empty()) return plan;
    internal::SearchResult s = internal::RunSearch(in, spec, MixSeed(seed + round), plan.territory_of);
    if (s.stopped || !Better(s, 0, plan, 1)) return plan;
    plan = std::move(s);
  }
  return plan;
}

}  // namespace

Result<AlignResult> RunAlignment(const Instance& in, const std::vector<std::string>& names,
                                 internal::SearchSpec spec, const AlignOptions& options,
                                 int restarts, const AlignProgressFn& progress,
                                 const std::atomic<bool>* cancel) {
  const auto t0 = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  const bool limited = !spec.current.empty() && spec.max_moved_share < 1;
  const std::vector<int> start = limited ? spec.current : std::vector<int>{};
  std::atomic<bool> stop{false};
  spec.stop = &stop;
  spec.multi_exchange = in.size() <= kExchangeEverySearch;
  spec.oscillate = in.size() <= kOscillateEverySearch;
  spec.cancel = cancel;
  // Phase one: `restarts` seeded searches. Phase two: region searches (large neighbourhood
  // search) from the best `chains` plans of phase one, each then polished by exact
  // location–allocation, each chain a task of its own, so that neither the plans nor the
  // choice depend on the number of threads.
  const bool fresh = spec.current.empty() && spec.potential_weight <= 0;
  const int steps = fresh ? RegionSteps(in.size(), spec.territories) : 0;
  const int chains = steps > 0 ? std::min(kRegionChains, restarts) : 0;
  const int planned = restarts + chains;
  std::vector<std::optional<internal::SearchResult>> results(planned);
  std::vector<int> chain_start(chains, -1);
  std::mutex mu;
  int done = 0;
  bool cancelled = false, hit_limit = false;
  double best_so_far = 0;
  auto run_tasks = [&](int first, int last, const auto& task) {
    std::atomic<int> next{first};
    auto worker = [&] {
      for (;;) {
        if (stop.load() || (cancel && cancel->load())) return;
        if (options.time_limit_seconds > 0 && seconds() > options.time_limit_seconds) {
          std::lock_guard lock(mu);
          hit_limit = true;
          return;
        }
        const int r = next.fetch_add(1);
        if (r >= last) return;
        internal::SearchResult s = task(r);
        if (s.territory_of.empty()) continue;  // nothing to start from
        std::lock_guard lock(mu);
        if (s.stopped) return;
        if (done == 0 || s.dispersion < best_so_far) best_so_far = s.dispersion;
        results[r] = std::move(s);
        ++done;
        if (progress && !progress({done, planned, best_so_far, seconds()})) {
          cancelled = true;
          stop = true;
        }
      }
    };
    const int threads = std::clamp(options.threads, 1, std::max(1, last - first));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
  };
  run_tasks(0, restarts, [&](int r) {
    return internal::RunSearch(in, spec, MixSeed(options.seed + r), start);
  });
  auto ranked = [&](int upto) {
    std::vector<int> order;
    for (int r = 0; r < upto; ++r) {
      if (results[r]) order.push_back(r);
    }
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return Better(*results[a], a, *results[b], b); });
    return order;
  };
  if (chains > 0 && !cancelled && !(cancel && cancel->load())) {
    const std::vector<int> order = ranked(restarts);
    for (int c = 0; c < chains && c < static_cast<int>(order.size()); ++c) chain_start[c] = order[c];
    run_tasks(restarts, planned, [&](int r) {
      const int from = chain_start[r - restarts];
      if (from < 0) return internal::SearchResult{};
      // Two halves of the region steps, each followed by a polish: the polish moves the
      // centres, which gives the second half new regions to re-solve.
      const std::uint64_t chain_seed = MixSeed(options.seed + r);
      internal::SearchResult plan =
          internal::ImproveByRegions(in, spec, chain_seed, *results[from], steps / 2);
      plan = PolishByExactAllocation(in, spec, MixSeed(chain_seed ^ 1), std::move(plan));
      plan = internal::ImproveByRegions(in, spec, MixSeed(chain_seed ^ 2), plan, steps - steps / 2);
      return PolishByExactAllocation(in, spec, MixSeed(chain_seed ^ 3), std::move(plan));
    });
  }
  if (cancelled || (cancel && cancel->load())) {
    return Status(StatusCode::kCancelled, "the alignment was cancelled");
  }
  const std::vector<int> order = ranked(planned);
  if (order.empty()) return Status::Internal("no search finished within the time limit");
  const int best = order.front();
  const bool time_left = options.time_limit_seconds <= 0 || seconds() < options.time_limit_seconds;
  if (chains == 0 && fresh && !stop.load() && time_left) {
    // No polished finalists: the best plan gets its exchanges here.
    internal::SearchSpec finish = spec;
    finish.multi_exchange = true;
    internal::SearchResult s =
        internal::RunSearch(in, finish, MixSeed(options.seed + planned), results[best]->territory_of);
    if (cancel && cancel->load()) return Status(StatusCode::kCancelled, "the alignment was cancelled");
    if (!s.stopped && Better(s, 0, *results[best], 1)) results[best] = std::move(s);
  }

  AlignResult out;
  std::vector<int> plan = results[best]->territory_of;
  if (!spec.current.empty() && !limited) plan = MatchLabels(in, spec, plan);
  out.alignment = {names, plan};
  out.metrics = Measure(in, out.alignment, spec.homes, spec.tolerance);
  out.searches = done;
  out.hit_time_limit = hit_limit;
  const bool has_homes =
      std::any_of(spec.homes.begin(), spec.homes.end(), [](const auto& h) { return h.has_value(); });
  if (options.lower_bound_seconds > 0 && !has_homes && out.metrics.balanced) {
    if (progress && !progress({done, planned, best_so_far, seconds(), true})) {
      return Status(StatusCode::kCancelled, "the alignment was cancelled");
    }
    LowerBoundOptions lb;
    lb.tolerance = spec.tolerance;
    lb.time_limit_seconds = options.lower_bound_seconds;
    lb.upper_bound = out.metrics.dispersion_km_h;
    lb.threads = options.threads;
    lb.cancel = cancel;
    auto bound = DispersionLowerBound(in, spec.territories, lb);
    if (cancel && cancel->load()) return Status(StatusCode::kCancelled, "the alignment was cancelled");
    if (bound.ok()) out.lower_bound_km_h = bound->value;
  }
  if (!spec.current.empty()) {
    out.disruption = MeasureDisruption(in, out.alignment, Alignment{names, spec.current});
    out.moves = ExplainMoves(in, spec, names, plan, out.metrics);
  }
  if (!out.metrics.balanced) {
    // Suggest only what this request can change.
    AlignNote note;
    note.kind = AlignNote::Kind::kUnbalanced;
    note.tolerance = spec.tolerance;
    note.deviation = out.metrics.max_workload_deviation;
    note.remedies.push_back("raise_tau");
    std::string what = "raise τ";
    if (limited) {
      note.remedies.push_back("raise_limit");
      what += ", raise the disruption limit";
    }
    if (std::any_of(spec.locked.begin(), spec.locked.end(), [](int t) { return t >= 0; })) {
      note.remedies.push_back("unlock");
      what += ", unlock accounts";
    }
    if (has_homes) {
      note.remedies.push_back("no_homes");
      what += ", or plan without home bases (a far-off home base pulls its territory away)";
    }
    note.text = Format("workload is not within ±%.1f%% everywhere (largest deviation %.1f%%)", spec.tolerance * 100,
                       note.deviation * 100) +
                "; " + what;
    out.notes.push_back(std::move(note));
  }
  if (out.metrics.noncontiguous_territories > 0) {
    AlignNote note;
    note.kind = AlignNote::Kind::kNoncontiguous;
    note.count = out.metrics.noncontiguous_territories;
    note.text = std::to_string(note.count) +
                " territories are not contiguous (locked accounts or the disruption limit may force it)";
    out.notes.push_back(std::move(note));
  }
  if (hit_limit) {
    AlignNote note;
    note.kind = AlignNote::Kind::kTimeLimit;
    note.count = done, note.of = restarts;
    note.text = "the time limit stopped the run after " + std::to_string(done) + " of " + std::to_string(restarts) +
                " searches; the result may vary with machine speed";
    out.notes.push_back(std::move(note));
  }
  out.seconds = seconds();
  return out;
}

}  // namespace salesdesk::territory
