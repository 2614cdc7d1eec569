// The accounts of a territory alignment as a user supplies them, and the validated,
// indexed form every computation in this module works on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "territory/delaunay.h"
#include "territory/geo.h"

namespace salesdesk::territory {

// One account as read from a file or the store. Coordinates are degrees (WGS84);
// workload is hours per year of selling effort; potential is any non-negative measure of
// what the account could buy (e.g. revenue). Missing coordinates are left empty.
struct AccountRow {
  std::string id;
  std::optional<double> latitude;
  std::optional<double> longitude;
  double workload = 1.0;
  double potential = 0.0;
};

// A rep's home base: where the rep of `territory` starts from. Dispersion of a territory
// with a home base is measured to the home base instead of to the medoid.
struct HomeBase {
  std::string territory;
  double latitude = 0;
  double longitude = 0;
};

// An account's territory: one row of an alignment file (`account_id,territory`), also
// used for locks.
struct AccountTerritory {
  std::string account_id;
  std::string territory;
};

// Validated accounts, indexed 0..n-1 in input order, with unit vectors and the Delaunay
// adjacency graph. Immutable after Build; safe to share between threads.
struct Instance {
  std::vector<std::string> ids;
  std::vector<double> latitude, longitude, workload, potential;
  std::vector<UnitVector> position;
  AccountGraph graph;
  double total_workload = 0, total_potential = 0, largest_workload = 0;

  int size() const { return static_cast<int>(ids.size()); }
  // Index of an account id, or -1.
  int IndexOf(const std::string& id) const;

  // Checks every row (an id, both coordinates in range, finite non-negative workload and
  // potential, unique ids, a positive total workload) and builds the instance. Errors
  // name the row (1-based, as a user counts data rows), the id and what to change.
  static Result<Instance> Build(const std::vector<AccountRow>& rows);

 private:
  std::vector<int> sorted_index_;  // account indices sorted by id, for IndexOf
};

}  // namespace salesdesk::territory
