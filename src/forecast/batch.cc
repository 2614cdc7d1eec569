#include "forecast/batch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

namespace salesdesk::forecast {
namespace {

std::string Line(int line) { return "line " + std::to_string(line) + ": "; }

// Splits text into lines (LF or CRLF), dropping a UTF-8 BOM and a final empty line.
std::vector<std::string_view> Lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// Checks the header and every row's width; returns the rows as fields.
Result<std::vector<std::vector<std::string_view>>> Table(std::string_view text,
                                                         std::string_view header) {
  const std::vector<std::string_view> lines = Lines(text);
  if (lines.empty() || lines[0] != header) {
    return Status::Invalid("line 1: the header must be \"" + std::string(header) + "\"");
  }
  const std::size_t width = Fields(header).size();
  std::vector<std::vector<std::string_view>> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    rows.push_back(Fields(lines[i]));
    if (rows.back().size() != width) {
      return Status::Invalid(Line(static_cast<int>(i + 1)) + "expected " + std::to_string(width) +
                             " columns, found " + std::to_string(rows.back().size()));
    }
  }
  return rows;
}

Result<int> PositiveInt(std::string_view s, int line, const char* field) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Status::Invalid(Line(line) + "\"" + std::string(s) + "\" is not a whole number", field);
  }
  if (v < 1) return Status::Invalid(Line(line) + "must be at least 1, found " + std::string(s), field);
  return v;
}

Result<double> FiniteNumber(std::string_view s, int line) {
  const std::string text(s);
  char* end = nullptr;
  const double v = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    return Status::Invalid(Line(line) + "\"" + text + "\" is not a number", "value");
  }
  if (!std::isfinite(v)) return Status::Invalid(Line(line) + "NaN or infinite value", "value");
  return v;
}

Result<BatchSeries> ParseSeriesRow(const std::vector<std::string_view>& r, int line) {
  BatchSeries s;
  s.id = std::string(r[0]);
  if (s.id.empty()) return Status::Invalid(Line(line) + "empty id", "id");
  s.category = std::string(r[1]), s.type = std::string(r[2]), s.start = std::string(r[5]);
  SD_ASSIGN_OR_RETURN(s.series.period, PositiveInt(r[3], line, "period"));
  SD_ASSIGN_OR_RETURN(s.horizon, PositiveInt(r[4], line, "horizon"));
  return s;
}

using IdIndex = std::unordered_map<std::string_view, std::size_t>;

// Fills values[i] from `id,t,value` rows and checks that t runs 1..n without gaps.
Result<std::vector<std::vector<double>>> Observations(std::string_view csv, const IdIndex& index,
                                                      std::size_t count) {
  SD_ASSIGN_OR_RETURN(auto rows, Table(csv, "id,t,value"));
  std::vector<std::vector<std::pair<int, double>>> points(count);
  std::vector<std::vector<int>> lines(count);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int line = static_cast<int>(i + 2);
    const auto it = index.find(rows[i][0]);
    if (it == index.end()) {
      return Status::Invalid(Line(line) + "unknown id \"" + std::string(rows[i][0]) + "\"", "id");
    }
    SD_ASSIGN_OR_RETURN(const int t, PositiveInt(rows[i][1], line, "t"));
    SD_ASSIGN_OR_RETURN(const double v, FiniteNumber(rows[i][2], line));
    points[it->second].emplace_back(t, v);
  }
  std::vector<std::vector<double>> values(count);
  for (const auto& [id, k] : index) {
    auto& p = points[k];
    std::sort(p.begin(), p.end());
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (p[j].first != static_cast<int>(j + 1)) {
        const bool repeat = j > 0 && p[j].first == p[j - 1].first;
        return Status::Invalid("series " + std::string(id) + ": " +
                                   (repeat ? "t = " + std::to_string(p[j].first) + " repeats"
                                           : "missing period t = " + std::to_string(j + 1)),
                               "t");
      }
      values[k].push_back(p[j].second);
    }
  }
  return values;
}

IdIndex Index(const std::vector<BatchSeries>& series) {
  IdIndex index;
  for (std::size_t i = 0; i < series.size(); ++i) index.emplace(series[i].id, i);
  return index;
}

}  // namespace

Result<std::vector<BatchSeries>> ParseBatchInput(std::string_view series_csv,
                                                 std::string_view train_csv) {
  SD_ASSIGN_OR_RETURN(auto rows, Table(series_csv, "id,category,type,period,horizon,start"));
  std::vector<BatchSeries> series;
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int line = static_cast<int>(i + 2);
    SD_ASSIGN_OR_RETURN(BatchSeries s, ParseSeriesRow(rows[i], line));
    const auto [it, fresh] = seen.emplace(s.id, line);
    if (!fresh) {
      return Status::Invalid(Line(line) + "duplicate id \"" + s.id + "\" (first on line " +
                                 std::to_string(it->second) + ")", "id");
    }
    series.push_back(std::move(s));
  }
  SD_ASSIGN_OR_RETURN(auto values, Observations(train_csv, Index(series), series.size()));
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (values[i].empty()) {
      return Status::Invalid("series " + series[i].id + " has no observations in train.csv", "id");
    }
    series[i].series.values = std::move(values[i]);
  }
  return series;
}

Result<std::vector<std::vector<double>>> ParseObservations(
    std::string_view csv, const std::vector<BatchSeries>& series) {
  return Observations(csv, Index(series), series.size());
}

Result<std::vector<BatchOutcome>> RunBatch(const std::vector<BatchSeries>& series,
                                           std::string_view method, int threads,
                                           const BatchProgress& progress,
                                           const std::atomic<bool>* cancel,
                                           const MethodOptions& options) {
  const MethodInfo* info = FindMethod(method);
  if (!info) return Status::Invalid("unknown method \"" + std::string(method) + "\"", "method");
  if (threads < 1) return Status::Invalid("threads must be at least 1", "threads");
  std::vector<BatchOutcome> out(series.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < series.size();) {
      if (cancel && cancel->load()) return;
      Result<Forecast> f = info->run(series[i].series, series[i].horizon, options);
      if (f.ok()) {
        out[i].forecast = std::move(f).value();
      } else {
        out[i].status = f.status();
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      if (progress) progress(done, static_cast<int>(series.size()));
    }
  };
  std::vector<std::thread> pool;
  const int n = std::min<int>(threads, std::max<std::size_t>(1, series.size()));
  for (int t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (cancel && cancel->load()) return Status(StatusCode::kCancelled, "the batch was cancelled");
  return out;
}

std::vector<ForecastRow> ForecastRows(const std::vector<BatchSeries>& series,
                                      const std::vector<BatchOutcome>& outcomes) {
  std::vector<ForecastRow> rows;
  for (std::size_t i = 0; i < series.size() && i < outcomes.size(); ++i) {
    if (!outcomes[i].status.ok()) continue;
    const Forecast& f = outcomes[i].forecast;
    for (std::size_t h = 0; h < f.mean.size(); ++h) {
      rows.push_back({series[i].id, static_cast<int>(h + 1), f.mean[h], f.lo80[h], f.hi80[h],
                      f.lo95[h], f.hi95[h], f.method});
    }
  }
  return rows;
}

}  // namespace salesdesk::forecast
