// Internal to the territory module: the exact balanced assignment of accounts to fixed
// centres (a transportation problem). Each account's workload may be shared among its
// candidate centres; every centre must receive between load_min and load_max hours; the
// cost is Σ hours × km. The LP optimum splits only a few accounts (a basic solution has
// at most k − 1 more positive shares than accounts), so rounding each account to its
// largest share gives an almost balanced plan that the search's balance chains finish.
// It replaces the priced assignment's approximate prices with exact ones once the
// location–allocation loop has settled (Hess et al. 1965; Hojati 1996 for the
// transportation step of balanced location–allocation).
//
// Method: successive shortest paths (Busacker & Gowen 1960), one account at a time: the
// flow stays optimal for the accounts added so far, and the next account's hours follow
// the cheapest path in the residual graph over the centres (an edge t→u moves hours of
// some account from t to u at km_u − km_t per hour), ending at a centre with room; a
// centre's first load_min hours are rewarded by a large constant so the lower bounds are
// met whenever they can be. Paths by Bellman–Ford with a queue on the centres, along the
// moves that exist (no negative cycles: the flow is optimal). Cost about accounts² ×
// candidates² to build the moves, plus the path searches; meant for a few thousand accounts.
#pragma once

#include <vector>

namespace salesdesk::territory::internal {

struct TransportProblem {
  int centres = 0;
  std::vector<double> weight;  // per account: hours ≥ 0
  int width = 0;               // candidate centres per account
  std::vector<int> centre;     // accounts × width: candidate centre, or -1 = unused slot
  std::vector<double> km;      // accounts × width: km to that centre
  double load_min = 0, load_max = 0;  // per centre, hours
};

struct TransportPlan {
  bool feasible = false;      // every account placed and every centre within its bounds
  double cost = 0;            // Σ hours × km of the fractional optimum
  std::vector<int> rounded;   // per account: the centre carrying its largest share
  int split_accounts = 0;     // accounts shared among several centres
};

// Solves `p` exactly (up to rounding error) and rounds it. Infeasible when some account
// has no candidate, or the candidates cannot hold every account within the bounds (the
// plan is then the best the solver reached). Pure; thread-safe for distinct calls.
TransportPlan SolveTransport(const TransportProblem& p);

}  // namespace salesdesk::territory::internal
