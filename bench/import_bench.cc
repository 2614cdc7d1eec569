// Import benchmark: builds an organisation (40 reps, 3,000 accounts, 30 products), writes
// a CSV of N sales lines, and times `ImportService::Import` of that file into a fresh
// database — reading the file, decoding, parsing, validating, resolving references and
// upserting by natural key in one transaction. bench/import.sh runs it next to the sqlite3
// shell's `.import` of the same file.
//
//   import_bench --rows 1000000 --dir /tmp/sdbench [--keep]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "app/admin.h"
#include "app/import_export.h"
#include "store/store.h"

namespace sd = salesdesk;

namespace {

std::string Fixture(const std::string& kind, int n) {
  std::ostringstream out;
  if (kind == "users") {
    out << "email,name,role\n";
    for (int i = 0; i < n; ++i) out << "rep" << i << "@bench.example,Rep " << i << ",rep\n";
  } else if (kind == "accounts") {
    out << "external_id,name,currency,owner_email\n";
    for (int i = 0; i < n; ++i) out << "AC" << i << ",Account " << i << ",CNY,rep" << i % 40 << "@bench.example\n";
  } else {
    out << "sku,name,unit_price,currency\n";
    for (int i = 0; i < n; ++i) out << "SKU" << i << ",Product " << i << "," << 10 + i << ".50,CNY\n";
  }
  return out.str();
}

// N sales lines with unique (date, account, product, rep): day d, account a, product p.
void WriteSales(const std::string& path, long rows) {
  std::ofstream f(path);
  f << "date,account_external_id,product_sku,rep_email,quantity,amount,currency\n";
  char line[160];
  for (long i = 0; i < rows; ++i) {
    long account = i % 3000, day = i / 3000, product = (i * 7) % 30;
    int y = 2020 + static_cast<int>(day / 336), m = static_cast<int>(day / 28 % 12) + 1, d = static_cast<int>(day % 28) + 1;
    int n = std::snprintf(line, sizeof line, "%04d-%02d-%02d,AC%ld,SKU%ld,rep%ld@bench.example,%ld,%ld.%02ld,CNY\n", y,
                          m, d, account, product, account % 40, 1 + i % 9, 100 + i % 9000, i % 100);
    f.write(line, n);
  }
}

int Die(const sd::Status& s) {
  std::cerr << "import_bench: " << s.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  std::string dir = "/tmp/sdbench";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows") rows = std::stol(argv[i + 1]);
    if (flag == "--dir") dir = argv[i + 1];
  }
  std::filesystem::create_directories(dir);
  const std::string csv = dir + "/sales.csv", db = dir + "/bench.db";
  if (!std::filesystem::exists(csv) || std::getenv("REGEN")) WriteSales(csv, rows);
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto store = sd::OpenSqliteStore(db);
  if (!store.ok()) return Die(store.status());
  auto actor = sd::app::SystemActor(**store);
  if (!actor.ok()) return Die(actor.status());
  sd::app::ImportService importer(**store);
  for (auto [kind, n] : {std::pair{"users", 40}, {"accounts", 3000}, {"products", 30}}) {
    auto r = importer.Import(*actor, *sd::FindKind(kind), Fixture(kind, n));
    if (!r.ok() || !r->errors.empty()) return Die(r.ok() ? sd::Status::Invalid(r->errors[0].reason) : r.status());
  }
  auto t0 = std::chrono::steady_clock::now();
  std::ifstream in(csv, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto report = importer.Import(*actor, sd::SalesKind(), bytes.str());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!report.ok()) return Die(report.status());
  if (!report->errors.empty()) return Die(sd::Status::Invalid(report->errors[0].reason));
  std::cout << "rows=" << report->rows << " inserted=" << report->inserted << " seconds=" << secs << "\n";
  return 0;
}
