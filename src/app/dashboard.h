// The numbers a sales manager lives by: sales against quota per rep and per team with
// attainment, pipeline by stage and by forecast category, win rate and the monthly sales
// trend — over the rows the actor may see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/access.h"

namespace salesdesk::app {

struct Attainment {
  Id id = 0;                 // user or team id
  std::string name;
  std::string team;          // for reps: their team's name
  double sales = 0;          // major units of the org currency
  double quota = 0;
  std::optional<double> attainment;  // sales / quota; empty without a quota
};

struct Dashboard {
  std::string from, to, currency;
  std::vector<Attainment> reps;   // sorted by attainment, best first
  std::vector<Attainment> teams;
  Attainment total;
  struct Bucket {
    std::string key;
    std::int64_t count = 0;
    double amount = 0;
  };
  std::vector<Bucket> by_stage;     // in funnel order
  std::vector<Bucket> by_category;  // pipeline, best_case, commit
  std::int64_t won = 0, lost = 0;
  std::optional<double> win_rate;   // won / (won + lost)
  std::vector<std::pair<std::string, double>> trend;  // (YYYY-MM, sales), every month in range
  // Territory-plan action items past their deadline and not done, that the actor may see
  // (oldest deadline first, at most 20; `overdue_total` counts them all).
  struct OverdueAction {
    Id id = 0, plan_id = 0;
    std::string title, deadline, status, owner;
  };
  std::vector<OverdueAction> overdue_actions;
  std::int64_t overdue_total = 0;
};

// Builds the dashboard for [from, to] (YYYY-MM-DD, inclusive; from <= to, at most ten
// years apart, else kInvalidArgument naming the parameter).
Result<Dashboard> BuildDashboard(Store& store, const Actor& actor, const std::string& from, const std::string& to);

}  // namespace salesdesk::app
