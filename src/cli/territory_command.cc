#include "cli/territory_command.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "io/csv.h"
#include "territory/alignment.h"
#include "territory/lower_bound.h"

namespace salesdesk::cli {
namespace tr = salesdesk::territory;
using io::CsvRow;
using io::CsvTable;
using io::CsvWriter;
using io::ParseCsv;
namespace {

int Fail(const Status& s) {
  std::cerr << "salesdesk: " << s.ToString() << "\n";
  return s.code() == StatusCode::kInternal ? 3 : 1;
}

// A CSV file as a header-indexed table; errors name the file.
struct Table {
  std::string path;
  CsvTable csv;
  int Column(const std::string& name) const {
    for (std::size_t i = 0; i < csv.header.size(); ++i)
      if (csv.header[i] == name) return static_cast<int>(i);
    return -1;
  }
  std::string Cell(const CsvRow& row, int column) const {
    return column >= 0 && static_cast<std::size_t>(column) < row.fields.size() ? row.fields[column] : "";
  }
};

Result<Table> ReadTable(const std::string& path, const char* flag, std::initializer_list<const char*> required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path, flag);
  std::ostringstream s;
  s << in.rdbuf();
  auto csv = ParseCsv(s.str());
  if (!csv.ok()) return Status::Invalid(path + ": " + csv.status().message(), flag);
  Table t{path, std::move(csv).value()};
  for (std::string& h : t.csv.header) {  // tolerate spaces and a BOM-less "Id" spelling
    while (!h.empty() && h.back() == ' ') h.pop_back();
    while (!h.empty() && h.front() == ' ') h.erase(h.begin());
  }
  for (const char* name : required) {
    if (t.Column(name) < 0) {
      return Status::Invalid(path + ": line 1: the header has no column \"" + std::string(name) + "\"", name);
    }
  }
  return t;
}

Result<double> Number(const Table& t, const CsvRow& row, const char* column, bool required, double fallback) {
  const std::string text = t.Cell(row, t.Column(column));
  if (text.empty()) {
    if (required) {
      return Status::Invalid(t.path + ": line " + std::to_string(row.line) + ", column " + column + ": missing",
                             column);
    }
    return fallback;
  }
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) {
    return Status::Invalid(t.path + ": line " + std::to_string(row.line) + ", column " + column + ": \"" + text +
                               "\" is not a number",
                           column);
  }
  return v;
}

// id,lat,lon,workload,potential (other columns ignored). Missing coordinates stay empty
// so that the engine names the account; a bad number is an error here.
Result<std::vector<tr::AccountRow>> ReadAccounts(const std::string& path) {
  SD_ASSIGN_OR_RETURN(Table t, ReadTable(path, "--accounts", {"id", "lat", "lon"}));
  std::vector<tr::AccountRow> rows;
  const int id = t.Column("id");
  for (const CsvRow& row : t.csv.rows) {
    tr::AccountRow a;
    a.id = t.Cell(row, id);
    if (!t.Cell(row, t.Column("lat")).empty()) {
      SD_ASSIGN_OR_RETURN(a.latitude, Number(t, row, "lat", true, 0));
    }
    if (!t.Cell(row, t.Column("lon")).empty()) {
      SD_ASSIGN_OR_RETURN(a.longitude, Number(t, row, "lon", true, 0));
    }
    SD_ASSIGN_OR_RETURN(a.workload, Number(t, row, "workload", false, 1.0));
    SD_ASSIGN_OR_RETURN(a.potential, Number(t, row, "potential", false, 0.0));
    rows.push_back(std::move(a));
  }
  return rows;
}

// account_id,territory
Result<std::vector<tr::AccountTerritory>> ReadAssignments(const std::string& path, const char* flag) {
  SD_ASSIGN_OR_RETURN(Table t, ReadTable(path, flag, {"account_id", "territory"}));
  std::vector<tr::AccountTerritory> rows;
  const int a = t.Column("account_id"), k = t.Column("territory");
  for (const CsvRow& row : t.csv.rows) {
    tr::AccountTerritory r{t.Cell(row, a), t.Cell(row, k)};
    if (r.account_id.empty() || r.territory.empty()) {
      return Status::Invalid(path + ": line " + std::to_string(row.line) + ": account_id and territory are both needed",
                             r.account_id.empty() ? "account_id" : "territory");
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

// territory,lat,lon
Result<std::vector<tr::HomeBase>> ReadHomes(const std::string& path) {
  SD_ASSIGN_OR_RETURN(Table t, ReadTable(path, "--homes", {"territory", "lat", "lon"}));
  std::vector<tr::HomeBase> homes;
  for (const CsvRow& row : t.csv.rows) {
    tr::HomeBase h;
    h.territory = t.Cell(row, t.Column("territory"));
    SD_ASSIGN_OR_RETURN(h.latitude, Number(t, row, "lat", true, 0));
    SD_ASSIGN_OR_RETURN(h.longitude, Number(t, row, "lon", true, 0));
    homes.push_back(std::move(h));
  }
  return homes;
}

Status WriteFileAtomically(const std::string& path, const std::string& text, const char* flag) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Invalid("cannot write " + path, flag);
    out << text;
    if (!out.flush()) return Status::Internal("writing " + tmp + " failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Internal("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

void PrintMetrics(const tr::AlignmentMetrics& m) {
  std::printf("%-14s %8s %12s %8s %14s %14s %10s %10s %6s\n", "territory", "accounts", "workload", "dev", "potential",
              "dispersion", "radius_km", "travel_km", "parts");
  for (const tr::TerritoryMetrics& t : m.territories) {
    std::printf("%-14s %8d %12.1f %+7.2f%% %14.0f %14.0f %10.1f %10.0f %6d\n", t.name.c_str(), t.accounts, t.workload,
                100 * t.workload_deviation, t.potential, t.dispersion_km_h, t.radius_km, t.travel_km, t.components);
  }
  std::printf("territories %zu, mean workload %.1f h, max workload deviation %.2f%% (floor %.2f%%, tau %.2f%%, %d "
              "outside)\n",
              m.territories.size(), m.mean_workload, 100 * m.max_workload_deviation,
              100 * m.workload_deviation_floor, 100 * m.tolerance, m.outside_tolerance);
  std::printf("max potential deviation %.2f%%\n", 100 * m.max_potential_deviation);
  std::printf("dispersion %.0f km·h (mean %.1f km), max radius %.1f km, travel %.0f km\n", m.dispersion_km_h,
              m.mean_km, m.max_radius_km, m.travel_km);
  std::printf("non-contiguous territories %d (extra pieces %d), empty territories %d, balanced %s\n",
              m.noncontiguous_territories, m.extra_components, m.empty_territories, m.balanced ? "yes" : "no");
}

int Threads(int flag) {
  return flag > 0 ? flag : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int RunAlign(const TerritoryFlags& f) {
  tr::AlignRequest request;
  auto accounts = ReadAccounts(f.accounts);
  if (!accounts.ok()) return Fail(accounts.status());
  request.accounts = std::move(accounts).value();
  request.territory_count = f.k;
  if (!f.homes.empty()) {
    auto homes = ReadHomes(f.homes);
    if (!homes.ok()) return Fail(homes.status());
    request.homes = std::move(homes).value();
  }
  if (!f.current.empty()) {
    auto current = ReadAssignments(f.current, "--current");
    if (!current.ok()) return Fail(current.status());
    request.current = std::move(current).value();
  }
  if (!f.locks.empty()) {
    auto locks = ReadAssignments(f.locks, "--locks");
    if (!locks.ok()) return Fail(locks.status());
    request.locks = std::move(locks).value();
  }
  request.options.tolerance = f.tau;
  request.options.max_moved_share = f.max_moved;
  request.options.potential_weight = f.potential_weight;
  request.options.seed = f.seed;
  request.options.threads = Threads(f.threads);
  if (f.lower_bound) request.options.lower_bound_seconds = tr::LowerBoundOptions{}.time_limit_seconds;
  tr::AlignProgressFn progress;
  if (isatty(STDERR_FILENO)) {
    progress = [](const tr::AlignProgress& p) {
      std::fprintf(stderr, "\ralign: %d/%d searches, best %.0f km·h, %.1f s%s", p.searches_done, p.searches_planned,
                   p.best_dispersion_km_h, p.seconds, p.bounding ? ", computing the lower bound" : "");
      return true;
    };
  }
  tr::Instance instance;
  auto result = tr::AlignTerritories(request, progress, nullptr, &instance);
  if (progress) std::fprintf(stderr, "\n");
  if (!result.ok()) return Fail(result.status());
  std::string csv;
  CsvWriter w(&csv);
  w.Field("account_id");
  w.Field("territory");
  w.EndRow();
  for (const tr::AccountTerritory& row : result->Rows(instance)) {
    w.Field(row.account_id);
    w.Field(row.territory);
    w.EndRow();
  }
  if (Status s = WriteFileAtomically(f.out, csv, "--out"); !s.ok()) return Fail(s);
  PrintMetrics(result->metrics);
  if (result->lower_bound_km_h) {
    std::printf("lower bound %.0f km·h: this plan is %.2f%% above it\n", *result->lower_bound_km_h,
                100 * (result->metrics.dispersion_km_h / *result->lower_bound_km_h - 1));
  } else if (f.lower_bound) {
    std::printf("lower bound: not computed (%s)\n",
                request.homes.empty() ? "the plan is not balanced within τ" : "it does not cover home bases");
  }
  if (result->disruption) {
    std::printf("moved %d accounts, %.2f%% of workload (limit %.2f%%)\n", result->disruption->moved_accounts,
                100 * result->disruption->moved_workload_share, 100 * f.max_moved);
    const std::size_t shown = std::min<std::size_t>(result->moves.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) {
      const tr::AccountMove& m = result->moves[i];
      std::printf("  %s: %s -> %s (%s)\n", m.account_id.c_str(), m.from.empty() ? "-" : m.from.c_str(),
                  m.to.c_str(), m.reason.c_str());
    }
    if (shown < result->moves.size()) {
      std::printf("  ... %zu more%s\n", result->moves.size() - shown, f.moves.empty() ? " (see --moves)" : "");
    }
  }
  if (!f.moves.empty()) {
    std::string moves;
    CsvWriter mw(&moves);
    for (const char* h : {"account_id", "from", "to", "reason"}) mw.Field(h);
    mw.EndRow();
    for (const tr::AccountMove& m : result->moves) {
      mw.Field(m.account_id), mw.Field(m.from), mw.Field(m.to), mw.Field(m.reason);
      mw.EndRow();
    }
    if (Status s = WriteFileAtomically(f.moves, moves, "--moves"); !s.ok()) return Fail(s);
  }
  for (const tr::AlignNote& note : result->notes) std::printf("note: %s\n", note.text.c_str());
  std::printf("%d searches in %.2f s -> %s\n", result->searches, result->seconds, f.out.c_str());
  return 0;
}

int RunMetrics(const TerritoryFlags& f) {
  auto accounts = ReadAccounts(f.accounts);
  if (!accounts.ok()) return Fail(accounts.status());
  auto alignment = ReadAssignments(f.alignment, "--alignment");
  if (!alignment.ok()) return Fail(alignment.status());
  std::vector<tr::HomeBase> homes;
  if (!f.homes.empty()) {
    auto h = ReadHomes(f.homes);
    if (!h.ok()) return Fail(h.status());
    homes = std::move(h).value();
  }
  auto metrics = tr::MeasureTerritories(*accounts, *alignment, homes, f.tau, f.k);
  if (!metrics.ok()) return Fail(metrics.status());
  PrintMetrics(*metrics);
  if (!f.baseline.empty()) {
    auto baseline = ReadAssignments(f.baseline, "--baseline");
    if (!baseline.ok()) return Fail(baseline.status());
    auto c = tr::CompareTerritories(*accounts, *baseline, *alignment, homes, f.tau);
    if (!c.ok()) return Fail(c.status());
    std::printf("against %s: moved %d accounts (%.2f%%), %.2f%% of workload, %.2f%% of potential; matched "
                "territories keep all but %.2f%% of workload\n",
                f.baseline.c_str(), c->disruption.moved_accounts, 100 * c->disruption.moved_share,
                100 * c->disruption.moved_workload_share, 100 * c->disruption.moved_potential_share,
                100 * c->disruption.matched_moved_workload_share);
    std::printf("dispersion %.0f -> %.0f km·h, max workload deviation %.2f%% -> %.2f%%\n",
                c->before.dispersion_km_h, c->after.dispersion_km_h, 100 * c->before.max_workload_deviation,
                100 * c->after.max_workload_deviation);
  }
  if (f.lower_bound && !homes.empty()) {
    std::printf("lower bound: not computed (it does not cover home bases)\n");
  } else if (f.lower_bound) {
    auto instance = tr::Instance::Build(*accounts);
    if (!instance.ok()) return Fail(instance.status());
    tr::LowerBoundOptions lb;
    lb.tolerance = f.tau;
    lb.upper_bound = metrics->dispersion_km_h;
    lb.threads = Threads(f.threads);
    auto bound = tr::DispersionLowerBound(*instance, static_cast<int>(metrics->territories.size()), lb);
    if (!bound.ok()) return Fail(bound.status());
    std::printf("lower bound %.0f km·h: this alignment is %.2f%% above it\n", bound->value,
                100 * (metrics->dispersion_km_h / bound->value - 1));
  }
  return 0;
}

}  // namespace

void AddTerritoryCommand(CLI::App& cli, TerritoryCommand& command) {
  auto* territory = cli.add_subcommand("territory", "balanced, compact, contiguous sales territories");
  territory->require_subcommand(1);
  TerritoryFlags& f = command.flags;
  command.align = territory->add_subcommand("align", "compute an alignment of accounts into territories");
  command.align->add_option("--accounts", f.accounts, "CSV with at least id,lat,lon,workload,potential")->required();
  command.align->add_option("--k", f.k, "number of territories")->required()->check(CLI::Range(1, 100000));
  command.align->add_option("--tau", f.tau, "workload balance: within mean x (1 +/- tau) (default 0.05)")
      ->check(CLI::Range(0.0, 10.0));
  command.align->add_option("--homes", f.homes, "CSV territory,lat,lon: reps' home bases");
  command.align->add_option("--current", f.current, "CSV account_id,territory: the alignment in force");
  command.align->add_option("--max-moved", f.max_moved, "largest share of workload that may move (with --current)")
      ->check(CLI::Range(0.0, 1.0));
  command.align->add_option("--locks", f.locks, "CSV account_id,territory: accounts that must stay");
  command.align->add_option("--out", f.out, "CSV account_id,territory")->required();
  command.align->add_option("--moves", f.moves, "CSV account_id,from,to,reason of the moves (with --current)");
  command.align->add_option("--potential-weight", f.potential_weight, "weight of balancing potential (soft goal)")
      ->check(CLI::Range(0.0, 100.0));
  command.align->add_option("--seed", f.seed, "random seed (same seed, same plan)");
  command.align->add_option("--threads", f.threads, "threads (default: every core)")->check(CLI::Range(1, 1024));
  command.align->add_flag("--lower-bound", f.lower_bound, "also compute a lower bound on dispersion and the gap");
  command.metrics = territory->add_subcommand("metrics", "measure an alignment");
  command.metrics->add_option("--accounts", f.accounts, "CSV with at least id,lat,lon,workload,potential")->required();
  command.metrics->add_option("--alignment", f.alignment, "CSV account_id,territory")->required();
  command.metrics->add_option("--tau", f.tau, "tolerance for the balance flags (default 0.05)");
  command.metrics->add_option("--k", f.k, "number of territories (to count empty ones)");
  command.metrics->add_option("--homes", f.homes, "CSV territory,lat,lon");
  command.metrics->add_option("--baseline", f.baseline, "CSV account_id,territory to compare against (what-if)");
  command.metrics->add_option("--threads", f.threads, "threads for --lower-bound")->check(CLI::Range(1, 1024));
  command.metrics->add_flag("--lower-bound", f.lower_bound, "also compute a lower bound on dispersion and the gap");
}

int RunTerritoryCommand(const TerritoryCommand& command) {
  if (command.align && command.align->parsed()) return RunAlign(command.flags);
  if (command.metrics && command.metrics->parsed()) return RunMetrics(command.flags);
  return -1;
}

}  // namespace salesdesk::cli
