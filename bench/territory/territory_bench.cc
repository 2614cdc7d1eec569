// Territory alignment benchmark: aligns one instance (bench/data/territory/*.csv: columns
// id,lat,lon,workload,potential among others) into k territories within ±τ, prints the
// time, the engine's own metrics, the Lagrangian lower bound and the gap to it, and
// writes the plan as account_id,territory for the reference evaluator.
//
//   territory_bench --instance FILE --k K [--tau 0.02] [--seed 1] [--restarts R]
//                   [--threads 2] [--out plan.csv] [--bound-seconds S (0 = skip)]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "accounts_csv.h"
#include "territory/alignment.h"
#include "territory/lower_bound.h"

namespace tr = salesdesk::territory;

namespace {

struct Args {
  std::string instance;
  int k = 0;
  double tau = 0.02;
  std::uint64_t seed = 1;
  int restarts = 0;
  int threads = 2;
  std::string out;
  double bound_seconds = 30;
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "territory_bench: %s\n", message.c_str());
  std::exit(2);
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--instance") a.instance = value;
    else if (key == "--k") a.k = std::atoi(value.c_str());
    else if (key == "--tau") a.tau = std::atof(value.c_str());
    else if (key == "--seed") a.seed = std::strtoull(value.c_str(), nullptr, 10);
    else if (key == "--restarts") a.restarts = std::atoi(value.c_str());
    else if (key == "--threads") a.threads = std::atoi(value.c_str());
    else if (key == "--out") a.out = value;
    else if (key == "--bound-seconds") a.bound_seconds = std::atof(value.c_str());
    else Die("unknown option " + key);
  }
  if (a.instance.empty() || a.k <= 0) Die("usage: --instance FILE --k K [--tau T] ...");
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  tr::AlignRequest request;
  request.accounts = salesdesk::bench::ReadAccountsCsv(args.instance);
  request.territory_count = args.k;
  request.options.tolerance = args.tau;
  request.options.seed = args.seed;
  request.options.restarts = args.restarts;
  request.options.threads = args.threads;
  tr::Instance instance;
  auto progress = [](const tr::AlignProgress& p) {
    std::fprintf(stderr, "\r  search %d/%d  best %.4g km·h  %.1f s", p.searches_done,
                 p.searches_planned, p.best_dispersion_km_h, p.seconds);
    return true;
  };
  const auto t0 = std::chrono::steady_clock::now();
  auto result = tr::AlignTerritories(request, progress, nullptr, &instance);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "\n");
  if (!result.ok()) Die(result.status().ToString());
  const tr::AlignmentMetrics& m = result->metrics;
  std::printf("instance %s  n=%d  k=%d  tau=%.3f  seed=%llu  searches=%d  threads=%d\n",
              args.instance.c_str(), instance.size(), args.k, args.tau,
              static_cast<unsigned long long>(args.seed), result->searches, args.threads);
  std::printf("time_s %.2f\n", seconds);
  std::printf("max_workload_dev %.4f%%  outside_tau %d  empty %d\n", m.max_workload_deviation * 100,
              m.outside_tolerance, m.empty_territories);
  std::printf("dispersion_km_h %.1f  mean_km %.3f  max_radius_km %.1f\n", m.dispersion_km_h,
              m.mean_km, m.max_radius_km);
  std::printf("noncontiguous %d  extra_components %d  graph_edges %lld\n",
              m.noncontiguous_territories, m.extra_components,
              static_cast<long long>(instance.graph.edge_count()));
  for (const auto& note : result->notes) std::printf("note: %s\n", note.text.c_str());
  if (args.bound_seconds > 0) {
    tr::LowerBoundOptions lb;
    lb.tolerance = args.tau;
    lb.time_limit_seconds = args.bound_seconds;
    lb.upper_bound = m.dispersion_km_h;
    lb.threads = args.threads;
    const auto b0 = std::chrono::steady_clock::now();
    auto bound = tr::DispersionLowerBound(instance, args.k, lb);
    const double bs = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
    if (!bound.ok()) Die(bound.status().ToString());
    std::printf("lower_bound_km_h %.1f  gap %.2f%%  bound_iterations %d  bound_time_s %.1f\n",
                bound->value, (m.dispersion_km_h / bound->value - 1) * 100, bound->iterations, bs);
  }
  if (!args.out.empty()) {
    std::ofstream out(args.out);
    out << "account_id,territory\n";
    for (const auto& row : result->Rows(instance)) out << row.account_id << ',' << row.territory << '\n';
  }
  return 0;
}
