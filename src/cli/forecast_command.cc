#include "cli/forecast_command.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "forecast/batch.h"

namespace salesdesk::cli {
namespace fc = salesdesk::forecast;
namespace {

int Fail(const Status& s) {
  std::cerr << "salesdesk: " << s.ToString() << "\n";
  return s.code() == StatusCode::kInternal ? 3 : 1;
}

Result<std::string> ReadFile(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path, flag);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads a file and prefixes a parse error with the file's name.
Status InFile(const std::string& path, const Status& s) {
  return s.ok() ? s : Status(s.code(), path + ": " + s.message(), s.field());
}

// The method column, quoted when the name holds a comma ("ETS(A,A,N)").
std::string CsvText(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Shortest text that reads back as the same double.
std::string Number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

int RunBatch(const ForecastFlags& f) {
  auto series_csv = ReadFile(f.series, "--series");
  if (!series_csv.ok()) return Fail(series_csv.status());
  auto train_csv = ReadFile(f.train, "--train");
  if (!train_csv.ok()) return Fail(train_csv.status());
  auto series = fc::ParseBatchInput(*series_csv, *train_csv);
  if (!series.ok()) return Fail(InFile(f.series + " / " + f.train, series.status()));
  const int threads = f.threads > 0 ? f.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  fc::BatchProgress progress;
  if (isatty(STDERR_FILENO)) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    progress = [last](int done, int total) {
      const auto now = std::chrono::steady_clock::now();
      if (done == total || now - *last > std::chrono::milliseconds(100)) {
        std::cerr << "\rforecast: " << done << "/" << total << " series" << std::flush;
        *last = now;
      }
    };
  }
  auto outcomes = fc::RunBatch(*series, f.method, threads, progress);
  if (progress) std::cerr << "\n";
  if (!outcomes.ok()) return Fail(outcomes.status());
  int failed = 0;
  for (std::size_t i = 0; i < series->size(); ++i) {
    const fc::BatchOutcome& o = (*outcomes)[i];
    if (!o.status.ok()) {
      ++failed;
      std::cerr << "salesdesk: series " << (*series)[i].id << ": " << o.status.ToString() << "\n";
    } else if (!o.forecast.note.empty()) {
      std::cerr << "note: series " << (*series)[i].id << ": " << o.forecast.note << "\n";
    }
  }
  // Written to a temporary file and renamed, so a reader never sees half a forecast.
  const std::string tmp = f.out + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Status::Invalid("cannot write " + f.out, "--out"));
    out << "id,h,mean,lo80,hi80,lo95,hi95,method\n";
    for (const fc::ForecastRow& r : fc::ForecastRows(*series, *outcomes)) {
      out << r.id << ',' << r.h << ',' << Number(r.mean) << ',' << Number(r.lo80) << ','
          << Number(r.hi80) << ',' << Number(r.lo95) << ',' << Number(r.hi95) << ',' << CsvText(r.method)
          << '\n';
    }
    if (!out.flush()) return Fail(Status::Internal("writing " + tmp + " failed"));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, f.out, ec);
  if (ec) return Fail(Status::Internal("cannot rename " + tmp + " to " + f.out + ": " + ec.message()));
  std::cerr << "forecast " << series->size() - failed << " of " << series->size() << " series with "
            << f.method << " on " << threads << " threads → " << f.out << "\n";
  return failed ? 1 : 0;
}

void PrintRow(const std::string& name, const fc::AccuracyTotals& t) {
  const fc::Accuracy s = t.SeriesMean(), p = t.PointMean();
  std::printf("%-12s %6d  %8.3f  %8.3f  %7.3f  %7.3f  %8.3f  %6.1f%%  %6.1f%%\n", name.c_str(),
              t.series(), s.smape, p.smape, s.mase, p.mase, s.msis, 100 * p.coverage80,
              100 * p.coverage95);
}

int RunAccuracy(const ForecastFlags& f) {
  auto series_csv = ReadFile(f.series, "--series");
  if (!series_csv.ok()) return Fail(series_csv.status());
  auto train_csv = ReadFile(f.train, "--train");
  if (!train_csv.ok()) return Fail(train_csv.status());
  auto test_csv = ReadFile(f.test, "--test");
  if (!test_csv.ok()) return Fail(test_csv.status());
  auto forecasts_csv = ReadFile(f.forecasts, "--forecasts");
  if (!forecasts_csv.ok()) return Fail(forecasts_csv.status());
  auto series = fc::ParseBatchInput(*series_csv, *train_csv);
  if (!series.ok()) return Fail(InFile(f.series + " / " + f.train, series.status()));
  auto test = fc::ParseObservations(*test_csv, *series);
  if (!test.ok()) return Fail(InFile(f.test, test.status()));
  auto forecasts = fc::ParseForecasts(*forecasts_csv, *series);
  if (!forecasts.ok()) return Fail(InFile(f.forecasts, forecasts.status()));
  auto score = fc::ScoreBatch(*series, *test, *forecasts);
  if (!score.ok()) return Fail(score.status());
  std::printf("%-12s %6s  %8s  %8s  %7s  %7s  %8s  %7s  %7s\n", "category", "series", "sMAPE",
              "sMAPE/pt", "MASE", "MASE/pt", "MSIS", "cov80", "cov95");
  for (const auto& [name, totals] : score->by_category) PrintRow(name, totals);
  PrintRow("all", score->all);
  std::printf("(sMAPE, MASE, MSIS: means over series, each series once, as in M4; /pt: means over "
              "forecast points, as in the M3 paper; coverage over points)\n");
  if (score->without_actuals) {
    std::printf("%d series without actuals in %s were not scored\n", score->without_actuals,
                f.test.c_str());
  }
  return 0;
}

}  // namespace

void AddForecastCommand(CLI::App& cli, ForecastCommand& command) {
  auto* forecast = cli.add_subcommand("forecast", "statistical forecasts of many series, and their accuracy");
  forecast->require_subcommand(1);
  ForecastFlags& f = command.flags;
  std::string methods;
  for (const fc::MethodInfo& m : fc::Methods()) methods += (methods.empty() ? "" : "|") + std::string(m.name);
  command.batch = forecast->add_subcommand("batch", "forecast every series of series.csv/train.csv");
  command.batch->add_option("--series", f.series, "series.csv: id,category,type,period,horizon,start")->required();
  command.batch->add_option("--train", f.train, "train.csv: id,t,value")->required();
  command.batch->add_option("--out", f.out, "forecasts: id,h,mean,lo80,hi80,lo95,hi95,method")->required();
  command.batch->add_option("--method", f.method, methods)
      ->check([](const std::string& name) {
        return fc::FindMethod(name) ? std::string() : "unknown method \"" + name + "\"";
      });
  command.batch->add_option("--threads", f.threads, "threads (default: every core)")->check(CLI::Range(1, 1024));
  command.accuracy = forecast->add_subcommand("accuracy", "sMAPE, MASE, MSIS and coverage per category and overall");
  command.accuracy->add_option("--test", f.test, "held-out actuals: id,t,value")->required();
  command.accuracy->add_option("--forecasts", f.forecasts, "the output of forecast batch")->required();
  command.accuracy->add_option("--train", f.train, "train.csv (for the MASE scale)")->required();
  command.accuracy->add_option("--series", f.series, "series.csv")->required();
}

int RunForecastCommand(const ForecastCommand& command) {
  if (command.batch && command.batch->parsed()) return RunBatch(command.flags);
  if (command.accuracy && command.accuracy->parsed()) return RunAccuracy(command.flags);
  return -1;
}

}  // namespace salesdesk::cli
