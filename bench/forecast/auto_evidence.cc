// Dumps the cross-validation evidence that `auto` (src/forecast/auto.h) weighs, so that
// weighting rules can be studied offline without refitting: for every series of a
// batch layout and every member of auto's pool, the forecast on the whole series and
// on rolling origins n-h-k (k = 0..2, auto's own folds) and n-h-k*h (k = 1..4,
// non-overlapping folds), each origin at least max(4, 2 * period) as in crossval.h.
//
//   auto_evidence [--data DIR] [--threads N] > evidence.csv
//
// DIR holds series.csv and train.csv (bench/data/m3 by default, or the output of
// unseen.R or more_series.R). Output: id,member,origin,h,mean,lo95,hi95,actual, with
// origin = n for the whole-series forecast (actual empty); a weighting rule is then
// a function of the folds' errors, and its combined forecast is scored against
// test.csv. All of M3 takes about 4 minutes on 2 threads. Benchmark tooling only.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "forecast/batch.h"
#include "forecast/method.h"

namespace fc = salesdesk::forecast;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) std::fprintf(stderr, "cannot read %s\n", path.c_str()), std::exit(2);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The origins described above, latest first.
std::vector<int> Origins(int n, int h, int period) {
  const int min_train = std::max(4, 2 * period);
  const int last = std::max(min_train, n - h);
  std::set<int, std::greater<int>> o;
  if (last >= n) return {};
  for (int k = 0; k < 3; ++k) o.insert(last - k);
  for (int k = 1; k <= 4; ++k) o.insert(last - k * h);
  std::vector<int> out;
  for (int v : o) {
    if (v >= min_train) out.push_back(v);
  }
  return out;
}

void AddRows(const std::string& id, const char* member, int origin, const fc::Forecast& f,
             const std::vector<double>& y, std::string* out) {
  char buf[256];
  for (std::size_t j = 0; j < f.mean.size(); ++j) {
    const std::size_t t = static_cast<std::size_t>(origin) + j;
    std::string actual = t < y.size() && origin < static_cast<int>(y.size())
                             ? std::to_string(y[t]) : "";
    std::snprintf(buf, sizeof buf, "%s,%s,%d,%zu,%.17g,%.17g,%.17g,", id.c_str(), member,
                  origin, j + 1, f.mean[j], f.lo95[j], f.hi95[j]);
    *out += buf + actual + "\n";
  }
}

std::string SeriesRows(const fc::BatchSeries& s) {
  static const char* kPool[] = {"ets", "arima", "theta", "otheta"};
  const std::vector<double>& y = s.series.values;
  const int n = static_cast<int>(y.size());
  std::string out;
  for (const char* name : kPool) {
    const fc::MethodInfo* m = fc::FindMethod(name);
    auto full = m->run(s.series, s.horizon, {});
    if (!full.ok()) continue;
    AddRows(s.id, name, n, *full, y, &out);
    for (int o : Origins(n, s.horizon, s.series.period)) {
      fc::Series train{{y.begin(), y.begin() + o}, s.series.period};
      auto f = m->run(train, std::min(s.horizon, n - o), {});
      if (f.ok()) AddRows(s.id, name, o, *f, y, &out);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "bench/data/m3";
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--data") data = argv[i + 1];
    else if (key == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
  }
  auto input = fc::ParseBatchInput(ReadFile(data + "/series.csv"), ReadFile(data + "/train.csv"));
  if (!input.ok()) return std::fprintf(stderr, "%s\n", input.status().ToString().c_str()), 1;
  std::vector<std::string> rows(input->size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < input->size();) rows[i] = SeriesRows((*input)[i]);
    });
  }
  for (std::thread& t : pool) t.join();
  std::printf("id,member,origin,h,mean,lo95,hi95,actual\n");
  for (const std::string& r : rows) std::fputs(r.c_str(), stdout);
  return 0;
}
