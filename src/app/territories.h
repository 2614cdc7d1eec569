// Territory planning on the stored accounts (issue 4): the current alignment of a scope
// (each account's territory is its owner, a rep), a proposed realignment from the
// territory engine, and what-if comparisons of an edited alignment. Who may do what is
// the access policy's: everyone sees the territories within their reach (a rep their
// own); proposing and comparing is for those who may reassign accounts (managers for
// their team, executives and admins for the organisation).
//
// Workload is an estimate of selling hours a year per account, from its potential:
// 10 + 6 · log10(1 + potential / 10,000) (a modelling choice, shown to the user; an
// account without a potential counts 10 hours). Potential is in the account's currency.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "app/scopes.h"
#include "core/dates.h"
#include "territory/alignment.h"

namespace salesdesk::app {

struct TerritoryAccount {
  std::string id;  // the account's record id, as text (the engine's account id)
  std::string external_id, name, city;
  double lat = 0, lon = 0, workload = 0, potential = 0;
  std::string territory;  // "user:<rep id>"
};

struct TerritoryRep {
  std::string key;  // "user:<id>": the territory's name
  Id user_id = 0;
  std::string name;
  std::optional<double> home_lat, home_lon;
};

struct TerritoryView {
  ForecastScope scope;
  std::vector<TerritoryRep> reps;             // the territories, by rep
  std::vector<TerritoryAccount> accounts;     // owned by those reps, with coordinates
  int left_out = 0;                           // accounts in scope without coordinates or a rep owner
  territory::AlignmentMetrics metrics;        // of the current alignment
};

// The territories of `scope_key` as they stand. kNotFound for a scope out of reach.
Result<TerritoryView> CurrentTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                         double tolerance);

struct ProposalOptions {
  double tolerance = 0.05;
  double max_moved_share = 1.0;
  double potential_weight = 0.0;
  bool use_homes = true;  // measure to reps' home bases where their profiles have one
  std::uint64_t seed = 1;
  int restarts = 0;  // independent searches; 0 = the engine's choice from the number of accounts
  // Time for the dispersion lower bound after the searches, so the proposal says how close
  // it is to the best possible; 0 = skip. (Not computed with home bases: see AlignOptions.)
  double lower_bound_seconds = 5;
  std::vector<territory::AccountTerritory> locks;
};

struct TerritoryProposal {
  TerritoryView current;
  std::vector<territory::AccountTerritory> proposed;
  territory::AlignmentMetrics metrics;
  std::optional<territory::Disruption> disruption;
  std::vector<territory::AccountMove> moves;
  std::vector<territory::AlignNote> notes;
  std::optional<double> lower_bound_km_h;  // no alignment within ±τ has less dispersion
  double seconds = 0;
};

// Proposes a realignment of the scope's accounts among its reps (nothing is changed).
// kPermissionDenied for those who may not reassign accounts; a scope of fewer than two reps
// and engine errors are kInvalidArgument saying what to change. `progress` (optional)
// hears of each finished search (and of the bound starting), from an engine worker thread
// (see territory::AlignProgressFn; returning false cancels); setting `cancel` (optional)
// stops the run within about a second. A cancelled run is kCancelled.
Result<TerritoryProposal> ProposeTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                             const ProposalOptions& options,
                                             const territory::AlignProgressFn& progress = {},
                                             const std::atomic<bool>* cancel = nullptr);

// ProposeTerritories in two steps, for runs in the background: PrepareProposal reads the
// scope (in the caller's thread, with the store) and checks everything the engine would
// check, so that every error of ProposeTerritories except kCancelled comes from it;
// RunProposal then needs no store and no actor and may run on any thread. A prepared
// proposal is a plain value (copyable; immutable while it runs).
struct PreparedProposal {
  TerritoryView current;             // its metrics measured at options.tolerance
  territory::AlignRequest request;   // the engine's request, options included
};
Result<PreparedProposal> PrepareProposal(Store& store, const Actor& actor, const std::string& scope_key,
                                         const ProposalOptions& options);
// Runs a prepared proposal; same `progress` and `cancel` contract as ProposeTerritories.
// Fails only with kCancelled (or kInternal) on a proposal PrepareProposal checked.
Result<TerritoryProposal> RunProposal(const PreparedProposal& prepared,
                                      const territory::AlignProgressFn& progress = {},
                                      const std::atomic<bool>* cancel = nullptr);

// Measures `alignment` (every account of the scope once; territories are rep keys) next to
// the current one. Same permissions as ProposeTerritories.
Result<territory::Comparison> CompareWithCurrent(Store& store, const Actor& actor, const std::string& scope_key,
                                                 const std::vector<territory::AccountTerritory>& alignment,
                                                 double tolerance);

struct OwnerChange {
  std::string account_id, account_name;
  std::string from, to;            // "user:<id>"
  std::string from_name, to_name;  // the reps' names
};
struct AppliedAlignment {
  std::vector<OwnerChange> changes;  // accounts whose owner changed, in the alignment's order
};

// Makes `alignment` the scope's territories: every listed account whose territory differs
// from its owner gets that rep as its owner. All or nothing, in one transaction; each
// change is audited. Every listed account must be one of the scope's (as
// CurrentTerritories lists them), at most once, and every territory one of its reps;
// accounts not listed keep their owner. Same permissions as ProposeTerritories, and each
// owner change must pass the record rules (CheckWritable).
Result<AppliedAlignment> ApplyTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                          const std::vector<territory::AccountTerritory>& alignment);

// The numbers beside a territory plan's five phases, for a scope over the twelve months
// before `today`'s month: (1) the monthly trend and growth on the year before, the top
// customers by sales and the prospects (accounts with potential and no sales), (2) why
// deals were lost, (5) the conversion rate (won / closed) and the open pipeline.
struct PlanFacts {
  ForecastScope scope;
  std::string currency, from, to;
  std::vector<std::pair<std::string, double>> monthly;  // the last 24 months, oldest first
  double last_12 = 0, previous_12 = 0;
  std::optional<double> growth;                         // last_12 / previous_12 - 1
  struct Customer {
    std::string id, name;
    double value = 0;  // sales (customers) or potential (prospects)
  };
  std::vector<Customer> top_customers, prospects;       // at most 10 each
  std::vector<std::pair<std::string, int>> lost_reasons;  // most frequent first
  int won = 0, lost = 0, open_deals = 0;
  std::optional<double> conversion_rate;
  double pipeline = 0, weighted_pipeline = 0;
};
Result<PlanFacts> BuildPlanFacts(Store& store, const Actor& actor, const std::string& scope_key, Date today);

// A plan (and its action items the actor may see) as a Markdown document, in `locale`
// ("zh-CN" or "en"): the guide's questions by phase with the plan's answers.
Result<std::string> PlanMarkdown(Store& store, const Actor& actor, Id plan_id, const std::string& locale);

// The same document as a PDF (io::MarkdownToPdf), titled with the plan's title and dated
// `today` ("YYYY-MM-DD", may be empty).
Result<std::string> PlanPdf(Store& store, const Actor& actor, Id plan_id, const std::string& locale,
                            const std::string& today = {});

}  // namespace salesdesk::app
