#include "forecast/batch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
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

// Splits one line at commas. A field may be quoted ("ETS(A,A,N)"); its quotes are
// dropped (a doubled quote inside is kept doubled: method names never contain one).
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    if (start < line.size() && line[start] == '"') {
      std::size_t close = start + 1;
      while (close < line.size()) {
        if (line[close] == '"' && (close + 1 >= line.size() || line[close + 1] != '"')) break;
        close += line[close] == '"' ? 2 : 1;
      }
      fields.push_back(line.substr(start + 1, close - start - 1));
      start = close + 1;
      if (start >= line.size()) return fields;
      if (line[start] != ',') {  // text after a closing quote: keep it as one odd field
        const std::size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) return fields;
        start = comma;
      }
      ++start;
      continue;
    }
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

Result<double> FiniteField(std::string_view s, int line, const char* field) {
  Result<double> v = FiniteNumber(s, line);
  if (!v.ok()) return Status::Invalid(v.status().message(), field);
  return v;
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

Result<std::vector<Forecast>> ParseForecasts(std::string_view csv,
                                             const std::vector<BatchSeries>& series) {
  SD_ASSIGN_OR_RETURN(auto rows, Table(csv, "id,h,mean,lo80,hi80,lo95,hi95,method"));
  const IdIndex index = Index(series);
  std::vector<std::vector<std::pair<int, ForecastRow>>> steps(series.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int line = static_cast<int>(i + 2);
    const auto& r = rows[i];
    const auto it = index.find(r[0]);
    if (it == index.end()) {
      return Status::Invalid(Line(line) + "unknown id \"" + std::string(r[0]) + "\"", "id");
    }
    ForecastRow row;
    SD_ASSIGN_OR_RETURN(row.h, PositiveInt(r[1], line, "h"));
    SD_ASSIGN_OR_RETURN(row.mean, FiniteField(r[2], line, "mean"));
    SD_ASSIGN_OR_RETURN(row.lo80, FiniteField(r[3], line, "lo80"));
    SD_ASSIGN_OR_RETURN(row.hi80, FiniteField(r[4], line, "hi80"));
    SD_ASSIGN_OR_RETURN(row.lo95, FiniteField(r[5], line, "lo95"));
    SD_ASSIGN_OR_RETURN(row.hi95, FiniteField(r[6], line, "hi95"));
    if (!(row.lo95 <= row.lo80 && row.lo80 <= row.mean && row.mean <= row.hi80 &&
          row.hi80 <= row.hi95)) {
      return Status::Invalid(Line(line) + "bounds out of order (need lo95 <= lo80 <= mean <= "
                                          "hi80 <= hi95)", "mean");
    }
    row.method = std::string(r[7]);
    steps[it->second].emplace_back(row.h, std::move(row));
  }
  std::vector<Forecast> out(series.size());
  for (std::size_t k = 0; k < series.size(); ++k) {
    auto& p = steps[k];
    std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (p[j].first != static_cast<int>(j + 1)) {
        const bool repeat = j > 0 && p[j].first == p[j - 1].first;
        return Status::Invalid("series " + series[k].id + ": " +
                                   (repeat ? "h = " + std::to_string(p[j].first) + " repeats"
                                           : "missing step h = " + std::to_string(j + 1)),
                               "h");
      }
      const ForecastRow& r = p[j].second;
      Forecast& f = out[k];
      f.mean.push_back(r.mean), f.lo80.push_back(r.lo80), f.hi80.push_back(r.hi80);
      f.lo95.push_back(r.lo95), f.hi95.push_back(r.hi95);
      if (j == 0) f.method = r.method;
    }
  }
  return out;
}

Result<BatchScore> ScoreBatch(const std::vector<BatchSeries>& series,
                              const std::vector<std::vector<double>>& test,
                              const std::vector<Forecast>& forecasts) {
  if (test.size() != series.size() || forecasts.size() != series.size()) {
    return Status::Invalid("actuals and forecasts must be aligned with the series");
  }
  BatchScore score;
  std::map<std::string, AccuracyTotals> by_category;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::vector<double>& actual = test[i];
    if (actual.empty()) {
      ++score.without_actuals;
      continue;
    }
    const Forecast& f = forecasts[i];
    if (f.mean.size() < actual.size()) {
      return Status::Invalid("series " + series[i].id + ": " + std::to_string(actual.size()) +
                                 " actuals but " + std::to_string(f.mean.size()) +
                                 " forecast steps",
                             "h");
    }
    Forecast head = f;
    for (auto* v : {&head.mean, &head.lo80, &head.hi80, &head.lo95, &head.hi95}) {
      v->resize(actual.size());
    }
    const Accuracy a = Evaluate(series[i].series.values, series[i].series.period, actual, head);
    const int h = static_cast<int>(actual.size());
    by_category[series[i].category].Add(a, h);
    score.all.Add(a, h);
  }
  score.by_category.assign(by_category.begin(), by_category.end());
  return score;
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
