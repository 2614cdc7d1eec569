// CSV import and export of records in the documented column layouts (the csv_column of
// each field in core/schema.cc). An import is all or nothing: every row is checked, each
// problem is reported with line, column and reason, and the file is written in one
// transaction only if no row was rejected. Rows are upserted by natural key, so a
// re-import updates and never duplicates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"

namespace salesdesk::app {

struct RowError {
  std::int64_t line = 0;  // 1-based physical line of the file (the header is line 1)
  std::string column;     // the CSV column at fault, "" for the whole row
  std::string reason;
};

struct ImportReport {
  std::int64_t rows = 0;      // data rows read
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::vector<RowError> errors;     // non-empty: nothing was written
  std::int64_t error_count = 0;     // all errors, even beyond the first kMaxErrors kept
  std::vector<std::string> warnings;  // e.g. ignored unknown columns
  static constexpr std::size_t kMaxErrors = 1000;
};

class ImportService {
 public:
  explicit ImportService(Store& store) : store_(store) {}

  // Imports `bytes` (a whole CSV file, any supported encoding) as records of `kind` on
  // behalf of `actor`. Returns a report; a report with errors means nothing changed.
  // A Status is returned only when the actor may not import this kind at all, or on an
  // internal failure. `progress` (may be empty) sees data rows done; false cancels.
  Result<ImportReport> Import(const Actor& actor, const KindSpec& kind, std::string_view bytes,
                              const Progress& progress = {});

  // The rows of `kind` that `actor` may read, as CSV in the import layout (references as
  // natural keys), with formula injection neutralised.
  Result<std::string> Export(const Actor& actor, const KindSpec& kind);

 private:
  Store& store_;
};

// The CSV header of `kind`'s import layout, in field order.
std::vector<std::string> CsvColumns(const KindSpec& kind);

}  // namespace salesdesk::app
