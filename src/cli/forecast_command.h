// `salesdesk forecast batch` and `salesdesk forecast accuracy`: the outside contract of
// issue 3 §4 (flags and file layouts are fixed; scripts drive salesdesk by them).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace salesdesk::cli {

struct ForecastFlags {
  std::string series, train, out, method = "auto", test, forecasts;
  int threads = 0;  // 0: every core
};

struct ForecastCommand {
  CLI::App* batch = nullptr;
  CLI::App* accuracy = nullptr;
  ForecastFlags flags;
};

// Adds `forecast batch|accuracy` to `cli`; the flags land in `command.flags`.
void AddForecastCommand(CLI::App& cli, ForecastCommand& command);

// Runs whichever of the two subcommands was parsed; returns the exit code, or -1 when
// neither was given.
int RunForecastCommand(const ForecastCommand& command);

}  // namespace salesdesk::cli
