// M3 benchmark: forecasts all series of bench/data/m3 (Makridakis & Hibon 2000) with
// each requested method on N threads and prints sMAPE, MASE, MSIS and interval
// coverage per category and overall, as means over series and over forecast points.
//
//   m3_bench [--data DIR] [--threads N] [--methods theta,otheta,...] [--limit K]
//
// --limit K keeps every K-th series (a stratified subset for quick timing runs).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "forecast/accuracy.h"
#include "forecast/batch.h"

namespace fc = salesdesk::forecast;

namespace {

struct Args {
  std::string data = "bench/data/m3";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> methods = {"naive2", "snaive", "theta", "otheta", "auto"};
  int limit = 1;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--data") a.data = value;
    else if (key == "--threads") a.threads = std::atoi(value.c_str());
    else if (key == "--methods") a.methods = Split(value);
    else if (key == "--limit") a.limit = std::max(1, std::atoi(value.c_str()));
    else std::fprintf(stderr, "unknown option %s\n", key.c_str()), std::exit(2);
  }
  return a;
}

void PrintRow(const char* name, const fc::AccuracyTotals& t) {
  const fc::Accuracy s = t.SeriesMean(), p = t.PointMean();
  std::printf("  %-10s %5d  %7.2f  %7.2f  %6.3f  %6.3f  %7.2f  %5.1f%%  %5.1f%%\n", name,
              t.series(), s.smape, p.smape, s.mase, p.mase, s.msis, 100 * p.coverage80,
              100 * p.coverage95);
}

void Evaluate(const std::vector<fc::BatchSeries>& series,
              const std::vector<std::vector<double>>& test,
              const std::vector<fc::BatchOutcome>& out) {
  std::map<std::string, fc::AccuracyTotals> by_category;
  fc::AccuracyTotals all;
  int failed = 0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!out[i].status.ok()) {
      if (failed++ < 5) std::fprintf(stderr, "%s: %s\n", series[i].id.c_str(),
                                     out[i].status.ToString().c_str());
      continue;
    }
    const fc::Accuracy a = fc::Evaluate(series[i].series.values, series[i].series.period,
                                        test[i], out[i].forecast);
    by_category[series[i].category].Add(a, series[i].horizon);
    all.Add(a, series[i].horizon);
  }
  std::printf("  %-10s %5s  %7s  %7s  %6s  %6s  %7s  %6s  %6s\n", "category", "n", "sMAPE/s",
              "sMAPE/p", "MASE/s", "MASE/p", "MSIS/s", "cov80", "cov95");
  for (const auto& [name, t] : by_category) PrintRow(name.c_str(), t);
  PrintRow("all", all);
  if (failed) std::printf("  %d series failed\n", failed);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  auto input = fc::ParseBatchInput(ReadFile(args.data + "/series.csv"),
                                   ReadFile(args.data + "/train.csv"));
  if (!input.ok()) return std::fprintf(stderr, "%s\n", input.status().ToString().c_str()), 1;
  auto all_test = fc::ParseObservations(ReadFile(args.data + "/test.csv"), *input);
  if (!all_test.ok()) return std::fprintf(stderr, "%s\n", all_test.status().ToString().c_str()), 1;
  std::vector<fc::BatchSeries> series;
  std::vector<std::vector<double>> test;
  for (std::size_t i = 0; i < input->size(); i += args.limit) {
    series.push_back((*input)[i]);
    test.push_back((*all_test)[i]);
  }
  std::printf("M3: %zu series, %d threads (s = mean over series, p = mean over points)\n",
              series.size(), args.threads);
  for (const std::string& method : args.methods) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    auto out = fc::RunBatch(series, method, args.threads);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    if (!out.ok()) {
      std::printf("%s: %s\n", method.c_str(), out.status().ToString().c_str());
      continue;
    }
    std::printf("%s  (wall %.2f s, cpu %.2f s)\n", method.c_str(), wall, cpu);
    Evaluate(series, test, *out);
    std::fflush(stdout);
  }
  return 0;
}
