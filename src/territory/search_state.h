// Internal to the territory module: the working state of one search (search.h). Not
// thread-safe; one state per thread.
#pragma once

#include <optional>
#include <random>
#include <vector>

#include "territory/metrics.h"
#include "territory/search.h"

namespace salesdesk::territory::internal {

class SearchState {
 public:
  SearchState(const Instance& instance, const SearchSpec& spec, std::uint64_t seed);
  SearchResult Run(const std::vector<int>& start);

 private:
  // Construction (search.cc).
  void SeedCentres();
  void FindCandidates();
  void PricedAssignment();
  void UpdateCentres(bool exact);
  Centre ApproximateMedoid(const std::vector<int>& members, int current) const;
  void AssignByPrice();
  void ExactAllocation();
  void FillEmptyTerritories();
  void RepairContiguity();

  // Improvement (local_search.cc).
  void StartFrom(const std::vector<int>& start);
  void RepairBalance();
  bool PushChain(int territory, bool out);
  bool ExchangeForBalance(int territory);
  void ImproveBoundaries();
  bool TryTransfer(int account);
  bool TrySwap(int account, int to, double gain_i);
  SearchResult Finish();

  // Merge-and-split of adjacent territory pairs (resplit.cc).
  bool ResplitPairs();
  bool TryResplit(int a, int b, std::vector<std::vector<int>>& members,
                  std::vector<double>& spread);

  // Cyclic and path exchanges of accounts among territories, centres fixed
  // (multi_exchange.cc). Returns whether anything changed.
  // With band_penalty ≥ 0 the band may break, at that many km per hour outside it;
  // `work` caps the arcs looked at (≤ 0: the default cap). With `credit_root` (balance
  // first), a partial sum may stay positive up to what the root's territory would gain by
  // getting back into the band, so that paths out of a territory outside it are found.
  bool MultiExchange(double band_penalty = -1, double work = 0, bool credit_root = false);
  // Strategic oscillation: priced exchanges, then repair; kept only if within the band
  // and better. Returns whether the plan changed.
  bool Oscillate();
  // When the balance repair leaves territories outside the band: exchanges priced with a
  // penalty per hour outside it far above any distance they save, then the repair again,
  // while the hours outside fall. Returns whether they fell.
  bool BalanceByExchanges();

  // Helpers (local_search.cc).
  bool HasHome(int t) const { return t < static_cast<int>(spec_.homes.size()) && spec_.homes[t]; }
  double Km(int i, int t) const { return GreatCircleKm(in_.position[i], centre_[t]); }
  bool Stopped() const {
    return (spec_.stop && spec_.stop->load(std::memory_order_relaxed)) ||
           (spec_.cancel && spec_.cancel->load(std::memory_order_relaxed));
  }
  bool Movable(int i) const;
  bool CanLeave(int i);
  bool Touches(int i, int t) const;  // i has a neighbour in territory t
  void Move(int i, int to);
  void RecountAll();
  double Violation(int t) const;
  double Violation(int t, double load) const;
  double TotalViolation() const;
  double Dispersion() const;
  double PotentialCost(double pot) const;
  double Objective() const;

  const Instance& in_;
  const SearchSpec& spec_;
  const int n_, k_;
  std::mt19937_64 rng_;
  double mean_ = 0, lo_ = 0, hi_ = 0, mean_potential_ = 0, scale_km_ = 1;
  double band_lo_ = 0, band_hi_ = 0;  // the workload band; lo_/hi_ sit a hair inside it
  double potential_reference_ = 0;  // dispersion that prices the potential term
  double budget_ = 0, moved_ = 0;   // disruption limit and use, in workload hours

  std::vector<int> terr_, count_;
  std::vector<double> load_, pot_;
  std::vector<UnitVector> centre_;
  std::vector<int> centre_account_;
  std::vector<double> price_;
  std::vector<int> candidates_;
  std::vector<double> candidate_km_;
  int candidate_count_ = 0;
  bool first_assignment_ = true;

  std::vector<char> banned_;  // accounts a balance chain failed on, per RepairBalance
  std::vector<int> mark_, queue_;  // BFS scratch: mark_[v] == stamp_ means visited
  std::vector<int> local_;         // resplit scratch: account -> index in the pooled pair, or -1
  int stamp_ = 0;
  double arcs_ = 0;  // multi-exchange work so far, in arcs looked at
};

}  // namespace salesdesk::territory::internal
