#include "territory/instance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace salesdesk::territory {

namespace {

std::string Where(std::size_t row, const std::string& id) {
  return "account " + std::to_string(row + 1) + (id.empty() ? "" : " (id " + id + ")");
}

Status CheckRow(std::size_t row, const AccountRow& a) {
  if (a.id.empty()) return Status::Invalid(Where(row, a.id) + ": id missing; give every account an id", "id");
  if (!a.latitude || !std::isfinite(*a.latitude)) {
    return Status::Invalid(Where(row, a.id) + ": latitude missing; geocode the account or drop it", "latitude");
  }
  if (!a.longitude || !std::isfinite(*a.longitude)) {
    return Status::Invalid(Where(row, a.id) + ": longitude missing; geocode the account or drop it", "longitude");
  }
  if (std::abs(*a.latitude) > 90) {
    return Status::Invalid(Where(row, a.id) + ": latitude " + std::to_string(*a.latitude) +
                               " is outside -90..90; check that latitude and longitude are not swapped",
                           "latitude");
  }
  if (std::abs(*a.longitude) > 180) {
    return Status::Invalid(Where(row, a.id) + ": longitude " + std::to_string(*a.longitude) +
                               " is outside -180..180",
                           "longitude");
  }
  if (!std::isfinite(a.workload) || a.workload < 0) {
    return Status::Invalid(Where(row, a.id) + ": workload must be a number of hours >= 0", "workload");
  }
  if (!std::isfinite(a.potential) || a.potential < 0) {
    return Status::Invalid(Where(row, a.id) + ": potential must be a number >= 0", "potential");
  }
  return Status::Ok();
}

}  // namespace

int Instance::IndexOf(const std::string& id) const {
  auto it = std::lower_bound(sorted_index_.begin(), sorted_index_.end(), id,
                             [&](int i, const std::string& v) { return ids[i] < v; });
  return it != sorted_index_.end() && ids[*it] == id ? *it : -1;
}

Result<Instance> Instance::Build(const std::vector<AccountRow>& rows) {
  if (rows.empty()) return Status::Invalid("there are no accounts to align", "accounts");
  Instance in;
  const std::size_t n = rows.size();
  for (std::size_t r = 0; r < n; ++r) {
    SD_RETURN_IF_ERROR(CheckRow(r, rows[r]));
    in.ids.push_back(rows[r].id);
    in.latitude.push_back(*rows[r].latitude);
    in.longitude.push_back(*rows[r].longitude);
    in.workload.push_back(rows[r].workload);
    in.potential.push_back(rows[r].potential);
    in.position.push_back(ToUnitVector(*rows[r].latitude, *rows[r].longitude));
    in.total_workload += rows[r].workload;
    in.total_potential += rows[r].potential;
    in.largest_workload = std::max(in.largest_workload, rows[r].workload);
  }
  in.sorted_index_.resize(n);
  std::iota(in.sorted_index_.begin(), in.sorted_index_.end(), 0);
  std::stable_sort(in.sorted_index_.begin(), in.sorted_index_.end(),
                   [&](int a, int b) { return in.ids[a] < in.ids[b]; });
  for (std::size_t r = 1; r < n; ++r) {
    const int a = in.sorted_index_[r - 1], b = in.sorted_index_[r];
    if (in.ids[a] == in.ids[b]) {
      return Status::Invalid(Where(b, in.ids[b]) + ": duplicate id, also used by account " +
                                 std::to_string(a + 1) + "; give each account its own id",
                             "id");
    }
  }
  if (in.total_workload <= 0) {
    return Status::Invalid("the total workload is 0; give accounts their workload in hours", "workload");
  }
  in.graph = BuildAccountGraph(in.latitude, in.longitude);
  return in;
}

}  // namespace salesdesk::territory
