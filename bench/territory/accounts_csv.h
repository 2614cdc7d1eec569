// Shared by the territory benchmark tools: reading an instance file.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv.h"
#include "territory/instance.h"

namespace salesdesk::bench {

// The accounts of a CSV with at least `id,lat,lon` (and usually `workload,potential`;
// other columns ignored), as the engine takes them. Exits with status 2 and a message
// naming the file when it cannot be read or lacks a required column.
inline std::vector<territory::AccountRow> ReadAccountsCsv(const std::string& path) {
  auto die = [&](const std::string& why) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), why.c_str());
    std::exit(2);
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read the file");
  std::ostringstream s;
  s << in.rdbuf();
  auto table = io::ParseCsv(s.str());
  if (!table.ok()) die(table.status().ToString());
  auto column = [&](const char* name) {
    for (std::size_t c = 0; c < table->header.size(); ++c) {
      if (table->header[c] == name) return static_cast<int>(c);
    }
    return -1;
  };
  const int id = column("id"), lat = column("lat"), lon = column("lon");
  const int work = column("workload"), pot = column("potential");
  if (id < 0 || lat < 0 || lon < 0) die("needs columns id, lat, lon");
  std::vector<territory::AccountRow> rows;
  for (const auto& r : table->rows) {
    auto field = [&](int c) -> std::string {
      return c >= 0 && c < static_cast<int>(r.fields.size()) ? r.fields[c] : "";
    };
    territory::AccountRow a;
    a.id = field(id);
    if (!field(lat).empty()) a.latitude = std::atof(field(lat).c_str());
    if (!field(lon).empty()) a.longitude = std::atof(field(lon).c_str());
    if (!field(work).empty()) a.workload = std::atof(field(work).c_str());
    if (!field(pot).empty()) a.potential = std::atof(field(pot).c_str());
    rows.push_back(std::move(a));
  }
  return rows;
}

}  // namespace salesdesk::bench
