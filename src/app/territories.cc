#include "app/territories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/records.h"
#include "core/money.h"
#include "io/pdf.h"

namespace salesdesk::app {
namespace {

double EstimatedWorkload(double potential) { return 10 + 6 * std::log10(1 + std::max(0.0, potential) / 10000); }

Status MayReassign(const Actor& actor) {
  const Reach write = PermissionFor(actor.role, "accounts").write;
  if (write == Reach::kTeam || write == Reach::kOrg) return Status::Ok();
  return Status::Denied("only managers, executives and administrators may realign territories");
}

struct Loaded {
  TerritoryView view;
  std::vector<territory::AccountRow> rows;
  std::vector<territory::AccountTerritory> current;
  std::vector<territory::HomeBase> homes;
};

// The scope's reps, their home bases and their accounts with coordinates, read in `tx`.
Result<Loaded> Load(Transaction& tx, const Actor& actor, const std::string& scope_key) {
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(tx, actor, scope_key, "accounts"));
  Loaded l;
  l.view.scope = scope.scope;
  ListQuery q;
  q.limit = 1000000;
  q.visible = scope.members;
  SD_ASSIGN_OR_RETURN(Page users, tx.List(actor.org_id, UsersKind(), q));
  std::map<Id, std::size_t> rep_index;
  for (const Record& u : users.records) {
    if (u.GetText("role") != "rep") continue;
    rep_index[u.id] = l.view.reps.size();
    l.view.reps.push_back({"user:" + std::to_string(u.id), u.id, u.GetText("name"), std::nullopt, std::nullopt});
  }
  SD_ASSIGN_OR_RETURN(Page profiles, tx.List(actor.org_id, RepProfilesKind(), q));
  for (const Record& p : profiles.records) {
    const auto it = rep_index.find(p.GetInt("user_id"));
    if (it == rep_index.end()) continue;
    const Value &lat = p.Get("home_lat"), &lon = p.Get("home_lon");
    if (!std::holds_alternative<double>(lat) || !std::holds_alternative<double>(lon)) continue;
    TerritoryRep& rep = l.view.reps[it->second];
    rep.home_lat = std::get<double>(lat), rep.home_lon = std::get<double>(lon);
    l.homes.push_back({rep.key, *rep.home_lat, *rep.home_lon});
  }
  SD_ASSIGN_OR_RETURN(Page accounts, tx.List(actor.org_id, AccountsKind(), q));
  for (const Record& a : accounts.records) {
    const Value &lat = a.Get("lat"), &lon = a.Get("lon"), &owner = a.Get("owner_id");
    if (!std::holds_alternative<double>(lat) || !std::holds_alternative<double>(lon) ||
        !std::holds_alternative<std::int64_t>(owner) || !rep_index.count(std::get<std::int64_t>(owner))) {
      ++l.view.left_out;
      continue;
    }
    const Value& p = a.Get("potential");
    const double potential =
        std::holds_alternative<std::int64_t>(p) ? MoneyToMajor(std::get<std::int64_t>(p), a.GetText("currency")) : 0;
    TerritoryAccount t{std::to_string(a.id), a.GetText("external_id"), a.GetText("name"), a.GetText("city"),
                       std::get<double>(lat), std::get<double>(lon), EstimatedWorkload(potential), potential,
                       "user:" + std::to_string(std::get<std::int64_t>(owner))};
    l.rows.push_back({t.id, t.lat, t.lon, t.workload, t.potential});
    l.current.push_back({t.id, t.territory});
    l.view.accounts.push_back(std::move(t));
  }
  if (l.view.reps.empty()) return Status::Invalid("the scope has no reps to give territories to", "reps");
  if (l.rows.empty()) return Status::Invalid("the scope's reps own no accounts with coordinates", "accounts");
  return l;
}

Result<Loaded> Load(Store& store, const Actor& actor, const std::string& scope_key) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  return Load(*tx, actor, scope_key);
}

// Checks that every territory named in `alignment` is one of the scope's reps.
Status CheckRepsOfScope(const Loaded& l, const std::vector<territory::AccountTerritory>& alignment) {
  for (const territory::AccountTerritory& a : alignment) {
    const bool known = std::any_of(l.view.reps.begin(), l.view.reps.end(),
                                   [&](const TerritoryRep& r) { return r.key == a.territory; });
    if (!known) {
      return Status::Invalid("account " + a.account_id + ": \"" + a.territory + "\" is not a rep of this scope",
                             "territory");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<TerritoryView> CurrentTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                         double tolerance) {
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  SD_ASSIGN_OR_RETURN(l.view.metrics, territory::MeasureTerritories(l.rows, l.current, l.homes, tolerance,
                                                                    static_cast<int>(l.view.reps.size())));
  return std::move(l.view);
}

namespace {

// Reads the scope and builds the engine's request (no engine check yet).
Result<PreparedProposal> ReadProposal(Store& store, const Actor& actor, const std::string& scope_key,
                                      const ProposalOptions& options) {
  SD_RETURN_IF_ERROR(MayReassign(actor));
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  // One territory leaves nothing to realign (and the engine is not to be asked: k = 1).
  if (l.view.reps.size() < 2) {
    return Status::Invalid("the scope has one rep; a realignment needs at least two reps' territories", "reps");
  }
  PreparedProposal p;
  territory::AlignRequest& request = p.request;
  for (const TerritoryRep& r : l.view.reps) request.reps.push_back(r.key);
  if (options.use_homes) request.homes = l.homes;
  request.locks = options.locks;
  request.current = l.current;
  request.options.tolerance = options.tolerance;
  request.options.max_moved_share = options.max_moved_share;
  request.options.potential_weight = options.potential_weight;
  request.options.seed = options.seed;
  request.options.restarts = options.restarts;
  request.options.lower_bound_seconds = options.lower_bound_seconds;
  SD_ASSIGN_OR_RETURN(l.view.metrics, territory::MeasureTerritories(l.rows, l.current, request.homes,
                                                                    options.tolerance,
                                                                    static_cast<int>(l.view.reps.size())));
  request.accounts = std::move(l.rows);
  p.current = std::move(l.view);
  return p;
}

}  // namespace

Result<PreparedProposal> PrepareProposal(Store& store, const Actor& actor, const std::string& scope_key,
                                         const ProposalOptions& options) {
  SD_ASSIGN_OR_RETURN(PreparedProposal p, ReadProposal(store, actor, scope_key, options));
  SD_RETURN_IF_ERROR(territory::CheckAlignRequest(p.request));
  return p;
}

Result<TerritoryProposal> RunProposal(const PreparedProposal& prepared, const territory::AlignProgressFn& progress,
                                      const std::atomic<bool>* cancel) {
  territory::Instance instance;
  SD_ASSIGN_OR_RETURN(territory::AlignResult r,
                      territory::AlignTerritories(prepared.request, progress, cancel, &instance));
  TerritoryProposal p;
  p.current = prepared.current;
  p.proposed = r.Rows(instance);
  p.metrics = std::move(r.metrics);
  p.disruption = r.disruption;
  p.moves = std::move(r.moves);
  p.notes = std::move(r.notes);
  p.lower_bound_km_h = r.lower_bound_km_h;
  p.seconds = r.seconds;
  return p;
}

Result<TerritoryProposal> ProposeTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                             const ProposalOptions& options, const territory::AlignProgressFn& progress,
                                             const std::atomic<bool>* cancel) {
  SD_ASSIGN_OR_RETURN(PreparedProposal p, ReadProposal(store, actor, scope_key, options));
  return RunProposal(p, progress, cancel);
}

Result<territory::Comparison> CompareWithCurrent(Store& store, const Actor& actor, const std::string& scope_key,
                                                 const std::vector<territory::AccountTerritory>& alignment,
                                                 double tolerance) {
  SD_RETURN_IF_ERROR(MayReassign(actor));
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  SD_RETURN_IF_ERROR(CheckRepsOfScope(l, alignment));
  return territory::CompareTerritories(l.rows, l.current, alignment, l.homes, tolerance);
}

Result<AppliedAlignment> ApplyTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                          const std::vector<territory::AccountTerritory>& alignment) {
  Status denial;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
    SD_RETURN_IF_ERROR(MayReassign(actor));
    SD_ASSIGN_OR_RETURN(Loaded l, Load(*tx, actor, scope_key));
    SD_RETURN_IF_ERROR(CheckRepsOfScope(l, alignment));
    std::map<std::string, const TerritoryAccount*> in_scope;
    for (const TerritoryAccount& a : l.view.accounts) in_scope[a.id] = &a;
    std::map<std::string, std::string> rep_name;
    for (const TerritoryRep& r : l.view.reps) rep_name[r.key] = r.name;
    std::set<std::string> seen;
    AppliedAlignment applied;
    for (std::size_t i = 0; i < alignment.size() && denial.ok(); ++i) {
      const territory::AccountTerritory& a = alignment[i];
      const std::string where = "alignment item " + std::to_string(i + 1) + ": account " + a.account_id;
      const auto it = in_scope.find(a.account_id);
      if (it == in_scope.end()) return Status::Invalid(where + " is not one of this scope's accounts", "alignment");
      if (!seen.insert(a.account_id).second) return Status::Invalid(where + " is listed twice", "alignment");
      if (it->second->territory == a.territory) continue;
      const Id account_id = std::stoll(a.account_id);
      const Id rep_id = std::stoll(a.territory.substr(5));  // "user:<id>", checked by CheckRepsOfScope
      SD_ASSIGN_OR_RETURN(Record account, tx->Get(actor.org_id, AccountsKind(), account_id,
                                                   actor.VisibleFor(PermissionFor(actor.role, "accounts").read)));
      const std::int64_t version = account.version;
      account.Set("owner_id", Value(std::int64_t{rep_id}));
      denial = CheckWritable(*tx, actor, account);
      if (!denial.ok()) break;
      SD_RETURN_IF_ERROR(tx->Update(actor.org_id, account, version).status());
      SD_RETURN_IF_ERROR(Audit(*tx, actor, "update", "accounts/" + a.account_id, "allowed",
                               "territory " + it->second->territory + " -> " + a.territory));
      applied.changes.push_back({a.account_id, it->second->name, it->second->territory, a.territory,
                                 rep_name[it->second->territory], rep_name[a.territory]});
    }
    if (denial.ok()) {
      SD_RETURN_IF_ERROR(tx->Commit());
      return applied;
    }
    if (denial.code() != StatusCode::kPermissionDenied) return denial;
  }
  return AuditDenial(store, actor, "apply territories", "accounts", denial);
}

namespace {

double Major(const Record& r, const char* field) {
  const Value& v = r.Get(field);
  return std::holds_alternative<std::int64_t>(v) ? MoneyToMajor(std::get<std::int64_t>(v), r.GetText("currency")) : 0;
}

}  // namespace

Result<PlanFacts> BuildPlanFacts(Store& store, const Actor& actor, const std::string& scope_key, Date today) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  PlanFacts f;
  f.scope = scope.scope;
  f.currency = org.currency;
  f.from = AddMonths(MonthOf(today), -12) + "-01";
  f.to = AddMonths(MonthOf(today), -1) + "-31";
  const std::string from24 = AddMonths(MonthOf(today), -24) + "-01";
  SD_ASSIGN_OR_RETURN(std::vector<MonthFigure> months, tx->MonthlySales(actor.org_id, from24, f.to, scope.members));
  std::map<std::string, double> by_month;
  for (const MonthFigure& m : months) by_month[m.month] = MoneyToMajor(m.sales, org.currency);
  for (int back = 24; back >= 1; --back) {
    const std::string m = AddMonths(MonthOf(today), -back);
    const double v = by_month.count(m) ? by_month[m] : 0;
    f.monthly.emplace_back(m, v);
    (back <= 12 ? f.last_12 : f.previous_12) += v;
  }
  if (f.previous_12 > 0) f.growth = f.last_12 / f.previous_12 - 1;

  SD_ASSIGN_OR_RETURN(auto by_account, tx->SalesByAccount(actor.org_id, f.from, f.to, scope.members));
  ListQuery q;
  q.visible = scope.members;
  q.limit = 1000000;
  SD_ASSIGN_OR_RETURN(Page accounts, tx->List(actor.org_id, AccountsKind(), q));
  std::map<Id, const Record*> account;
  for (const Record& a : accounts.records) account[a.id] = &a;
  std::map<Id, double> sold;
  for (const auto& [id, minor] : by_account) {
    sold[id] = MoneyToMajor(minor, org.currency);
    if (f.top_customers.size() < 10 && account.count(id)) {
      f.top_customers.push_back({account[id]->GetText("external_id"), account[id]->GetText("name"), sold[id]});
    }
  }
  std::vector<PlanFacts::Customer> prospects;
  for (const Record& a : accounts.records) {
    const double potential = Major(a, "potential");
    if (potential > 0 && !sold.count(a.id)) prospects.push_back({a.GetText("external_id"), a.GetText("name"), potential});
  }
  std::sort(prospects.begin(), prospects.end(), [](const auto& x, const auto& y) {
    return x.value != y.value ? x.value > y.value : x.id < y.id;
  });
  if (prospects.size() > 10) prospects.resize(10);
  f.prospects = std::move(prospects);

  SD_ASSIGN_OR_RETURN(Page deals, tx->List(actor.org_id, OpportunitiesKind(), q));
  std::map<std::string, int> reasons;
  for (const Record& o : deals.records) {
    const std::string stage = o.GetText("stage"), close = o.GetText("close_date");
    if (stage == "closed_won" || stage == "closed_lost") {
      if (close < f.from || close > f.to) continue;
      if (stage == "closed_won") {
        ++f.won;
      } else {
        ++f.lost;
        const std::string reason = o.GetText("lost_reason");
        ++reasons[reason.empty() ? "(none given)" : reason];
      }
    } else if (o.GetText("currency") == org.currency) {
      ++f.open_deals;
      const double amount = Major(o, "amount");
      const Value& p = o.Get("probability");
      f.pipeline += amount;
      f.weighted_pipeline += amount * (std::holds_alternative<double>(p) ? std::get<double>(p) / 100 : 0);
    }
  }
  f.lost_reasons.assign(reasons.begin(), reasons.end());
  std::sort(f.lost_reasons.begin(), f.lost_reasons.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  if (f.won + f.lost > 0) f.conversion_rate = static_cast<double>(f.won) / (f.won + f.lost);
  return f;
}

Result<std::string> PlanMarkdown(Store& store, const Actor& actor, Id plan_id, const std::string& locale) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(Record plan, tx->Get(actor.org_id, TerritoryPlansKind(), plan_id,
                                          actor.VisibleFor(PermissionFor(actor.role, "territory_plans").read)));
  const bool zh = locale == "zh-CN";
  struct Question {
    const char* field;
    const char* en;
    const char* zh;
  };
  struct Phase {
    const char* en;
    const char* zh;
    std::vector<Question> questions;
  };
  const Phase phases[] = {
      {"Phase 1: market, customers and prospects", "第一阶段：市场趋势、主要客户与潜在客户",
       {{"market_trends", "Where is the market going?", "市场的发展趋势如何？"},
        {"top_customers", "Who are the top customers, and what do they need?", "主要客户是谁？他们需要什么？"},
        {"prospects", "Which prospects matter most?", "最重要的潜在客户有哪些？"},
        {"funding_gap", "What funding or resources are missing?", "还缺少哪些资金或资源？"}}},
      {"Phase 2: why customers do not buy", "第二阶段：客户为什么不买",
       {{"missing_features", "Which features are missing?", "缺少哪些产品功能？"},
        {"service_gaps", "Where is our service behind competitors'?", "与竞争对手相比，服务差在哪里？"},
        {"marketing_problems", "What is wrong with our marketing?", "市场营销有什么问题？"}}},
      {"Phase 3: SWOT", "第三阶段：SWOT 分析",
       {{"strengths", "Strengths", "优势"},
        {"weaknesses", "Weaknesses", "劣势"},
        {"opportunities", "Opportunities", "机会"},
        {"threats", "Threats", "威胁"}}},
      {"Phase 4: goals, market factors and the action plan", "第四阶段：目标、市场因素与行动计划",
       {{"goals", "Goals", "目标"},
        {"market_factors", "Market factors", "市场因素"},
        {"action_plan", "Action plan", "行动计划"}}},
      {"Phase 5: feasibility review", "第五阶段：可行性评估",
       {{"strategies", "Strategies", "策略"},
        {"lead_generation", "Lead generation", "销售线索开发"},
        {"feasibility", "Is the plan feasible? (conversion rate, pipeline)", "计划是否可行？（转化率、销售管道）"}}},
  };
  std::string md = "# " + plan.GetText("title") + "\n\n";
  md += std::string(zh ? "- 计划期：" : "- Horizon: ") + plan.GetText("horizon") + "\n";
  md += std::string(zh ? "- 版本：" : "- Revision: ") + std::to_string(plan.GetInt("revision")) + "\n";
  md += std::string(zh ? "- 状态：" : "- Status: ") + plan.GetText("status") + "\n\n";
  for (const Phase& phase : phases) {
    md += "## " + std::string(zh ? phase.zh : phase.en) + "\n\n";
    for (const Question& q : phase.questions) {
      const std::string answer = plan.GetText(q.field);
      md += "### " + std::string(zh ? q.zh : q.en) + "\n\n" +
            (answer.empty() ? std::string(zh ? "（未填写）" : "(no answer yet)") : answer) + "\n\n";
    }
  }
  ListQuery q;
  q.visible = actor.VisibleFor(PermissionFor(actor.role, "plan_actions").read);
  q.limit = 100000;
  q.filters.push_back({"plan_id", Value(plan.id)});
  q.sort_field = "deadline";
  SD_ASSIGN_OR_RETURN(Page actions, tx->List(actor.org_id, PlanActionsKind(), q));
  md += std::string(zh ? "## 行动项\n\n| 事项 | 资源 | 截止日期 | 状态 | 最近检查 |\n| --- | --- | --- | --- | --- |\n"
                       : "## Action items\n\n| item | resources | deadline | status | last review |\n"
                         "| --- | --- | --- | --- | --- |\n");
  auto cell = [](std::string text) {
    for (char& c : text)
      if (c == '|' || c == '\n' || c == '\r') c = ' ';
    return text;
  };
  for (const Record& a : actions.records) {
    md += "| " + cell(a.GetText("title")) + " | " + cell(a.GetText("resources")) + " | " + a.GetText("deadline") +
          " | " + a.GetText("status") + " | " + a.GetText("last_review") + " |\n";
  }
  return md;
}

Result<std::string> PlanPdf(Store& store, const Actor& actor, Id plan_id, const std::string& locale,
                            const std::string& today) {
  SD_ASSIGN_OR_RETURN(std::string md, PlanMarkdown(store, actor, plan_id, locale));
  const std::string title = md.substr(2, md.find('\n') - 2);  // PlanMarkdown starts "# <title>\n"
  return io::MarkdownToPdf(md, {title, "salesdesk", today});
}

}  // namespace salesdesk::app
