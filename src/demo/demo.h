// The demo organisation: a believable company generated from real data, as the CSV files
// a customer would import. Pure computation: no I/O, no store. The caller imports the
// files in order through the ordinary importer, so the demo exercises the real path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace salesdesk::demo {

struct DemoOptions {
  std::uint64_t seed = 20261127;
  int reps = 40;            // sales reps (managers and executives come on top)
  int accounts = 3000;      // customer accounts at real places
  int months = 36;          // months of sales history, ending with `today`'s month
  std::string today = "2026-11-27";  // YYYY-MM-DD: the demo's "now"
  std::string currency = "CNY";
};

// One file to import: the import kind ("users", "accounts", ...) and its CSV text in the
// project's documented column layout (UTF-8, header row).
struct DemoFile {
  std::string kind;
  std::string csv;
};

struct DemoData {
  std::vector<DemoFile> files;   // in import order; a kind may appear twice (upsert)
  std::string admin_email;       // the sign-in to print
  std::string password;          // every demo user's password
};

// Builds the demo. `cities_csv` and `m3_monthly_csv` are the contents of the data files
// shipped in data/ (see data/README.md). Deterministic for equal inputs.
Result<DemoData> BuildDemo(const DemoOptions& options, std::string_view cities_csv,
                           std::string_view m3_monthly_csv);

}  // namespace salesdesk::demo
