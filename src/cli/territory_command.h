// `salesdesk territory align` and `salesdesk territory metrics`: the outside contract of
// issue 4 §6 (flags and file layouts are fixed; scripts drive salesdesk by them).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace salesdesk::cli {

struct TerritoryFlags {
  std::string accounts, homes, current, locks, out, alignment, baseline, moves;
  int k = 0;
  double tau = 0.05;
  double max_moved = 1.0;
  double potential_weight = 0.0;
  int threads = 0;  // 0: every core
  std::uint64_t seed = 1;
  bool lower_bound = false;
};

struct TerritoryCommand {
  CLI::App* align = nullptr;
  CLI::App* metrics = nullptr;
  TerritoryFlags flags;
};

// Adds `territory align|metrics` to `cli`; the flags land in `command.flags`.
void AddTerritoryCommand(CLI::App& cli, TerritoryCommand& command);

// Runs whichever subcommand was parsed; returns the exit code, or -1 when neither was.
int RunTerritoryCommand(const TerritoryCommand& command);

}  // namespace salesdesk::cli
