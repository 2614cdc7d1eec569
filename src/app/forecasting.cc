#include "app/forecasting.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "app/records.h"
#include "core/money.h"
#include "forecast/accuracy.h"
#include "forecast/judgement.h"
#include "forecast/method.h"
#include "forecast/reconcile.h"
#include "forecast/scoring.h"

namespace salesdesk::app {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The engine's methods shown side by side on every sheet.
constexpr const char* kEngineMethods[] = {"auto", "ets", "arima", "theta", "snaive"};

// The kept forecasts of one scope in the organisation's currency that the actor may see.
Result<std::vector<Record>> KeptForecasts(Transaction& tx, const Actor& actor, const ResolvedScope& scope,
                                          const std::string& currency) {
  const Reach reach = PermissionFor(actor.role, "forecasts").read;
  if (reach == Reach::kNone) return std::vector<Record>{};
  ListQuery q;
  q.visible = actor.VisibleFor(reach);
  q.limit = 1000000;
  if (scope.scope.user_id) q.filters.push_back({"scope_user_id", Value(*scope.scope.user_id)});
  SD_ASSIGN_OR_RETURN(Page page, tx.List(actor.org_id, ForecastsKind(), q));
  std::vector<Record> out;
  for (Record& r : page.records) {
    if (!scope.scope.user_id && !std::holds_alternative<std::monostate>(r.Get("scope_user_id"))) continue;
    if (r.GetText("currency") != currency) continue;
    out.push_back(std::move(r));
  }
  return out;
}

// Who a kept forecast speaks for: the engine's method, or the method and the person.
std::string SourceOf(const Record& r, const std::map<Id, std::string>& names) {
  const std::string method = r.GetText("method");
  if (method == "statistical") return "engine:" + r.GetText("model");
  const Id owner = std::holds_alternative<std::int64_t>(r.Get("owner_id")) ? r.GetInt("owner_id") : 0;
  const auto it = names.find(owner);
  return method + ":" + (it == names.end() ? (owner ? "#" + std::to_string(owner) : "organisation") : it->second);
}

double Major(const Record& r, const char* field, const std::string& currency) {
  const Value& v = r.Get(field);
  return std::holds_alternative<std::int64_t>(v) ? MoneyToMajor(std::get<std::int64_t>(v), currency) : kNaN;
}

std::int64_t Minor(double major, const std::string& currency) {
  return std::llround(std::max(0.0, major) * std::pow(10.0, CurrencyMinorDigits(currency)));
}

Result<std::map<Id, std::string>> UserNames(Transaction& tx, const Actor& actor) {
  ListQuery q;
  q.visible = std::nullopt;
  q.limit = 1000000;
  SD_ASSIGN_OR_RETURN(Page users, tx.List(actor.org_id, UsersKind(), q));
  std::map<Id, std::string> names;
  for (const Record& u : users.records) names[u.id] = u.GetText("name");
  return names;
}

// The scope's monthly history up to and including `last_month`, from its first month
// with sales; months without sales are 0.
Result<std::pair<std::vector<std::string>, std::vector<double>>> History(Transaction& tx, const Actor& actor,
                                                                        const ResolvedScope& scope,
                                                                        const std::string& last_month,
                                                                        const std::string& currency) {
  const std::string first_day = AddMonths(last_month, -119) + "-01";
  const std::string last_day = last_month + "-31";  // as text, not below any day of the month
  SD_ASSIGN_OR_RETURN(std::vector<MonthFigure> rows, tx.MonthlySales(actor.org_id, first_day, last_day, scope.members));
  std::pair<std::vector<std::string>, std::vector<double>> out;
  if (rows.empty()) return out;
  std::map<std::string, double> by_month;
  for (const MonthFigure& m : rows) by_month[m.month] = MoneyToMajor(m.sales, currency);
  for (std::string m = rows.front().month; m <= last_month; m = AddMonths(m, 1)) {
    out.first.push_back(m);
    const auto it = by_month.find(m);
    out.second.push_back(it == by_month.end() ? 0.0 : it->second);
  }
  return out;
}

// `root` and every scope of `all` below it, parents before children (`all` lists parents
// first, as ListScopes does); the root's parent is cleared.
std::vector<ForecastScope> Subtree(const std::vector<ForecastScope>& all, ForecastScope root) {
  root.parent.clear();
  std::vector<ForecastScope> nodes = {std::move(root)};
  for (bool grew = true; grew;) {
    grew = false;
    for (const ForecastScope& s : all) {
      const bool in = std::any_of(nodes.begin(), nodes.end(), [&](const ForecastScope& n) { return n.key == s.key; });
      const bool under = std::any_of(nodes.begin(), nodes.end(), [&](const ForecastScope& n) { return n.key == s.parent; });
      if (!in && under) nodes.push_back(s), grew = true;
    }
  }
  return nodes;
}

Result<forecast::Hierarchy> HierarchyOf(const std::vector<ForecastScope>& nodes) {
  std::vector<forecast::ScopeNode> shape;
  for (const ForecastScope& n : nodes) shape.push_back({n.key, n.parent});
  return forecast::Hierarchy::Build(shape);
}

Status CheckHorizon(int horizon) {
  if (horizon < 1 || horizon > 24) return Status::Invalid("must be between 1 and 24 months", "horizon");
  return Status::Ok();
}

}  // namespace

Result<std::vector<ForecastScope>> ForecastScopes(Store& store, const Actor& actor) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  return ListScopes(*tx, actor, "sales");
}

Result<ForecastSheet> BuildForecastSheet(Store& store, const Actor& actor, const std::string& scope_key,
                                         int horizon, Date today) {
  SD_RETURN_IF_ERROR(CheckHorizon(horizon));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  ForecastSheet sheet;
  sheet.scope = scope.scope;
  sheet.currency = org.currency;
  const std::string last_month = AddMonths(MonthOf(today), -1);
  SD_ASSIGN_OR_RETURN(auto history, History(*tx, actor, scope, last_month, org.currency));
  sheet.history_months = std::move(history.first);
  sheet.history = std::move(history.second);
  for (int h = 1; h <= horizon; ++h) sheet.months.push_back(AddMonths(last_month, h));
  const auto month_index = [&](const std::string& m) -> int {
    const auto it = std::find(sheet.months.begin(), sheet.months.end(), m);
    return it == sheet.months.end() ? -1 : static_cast<int>(it - sheet.months.begin());
  };
  auto empty = [&](SheetForecast f) {
    for (auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) v->assign(horizon, kNaN);
    return f;
  };

  // The engine, side by side.
  if (!sheet.history.empty()) {
    forecast::Series series{sheet.history, 12};
    for (const char* name : kEngineMethods) {
      const forecast::MethodInfo* method = forecast::FindMethod(name);
      if (!method) continue;
      Result<forecast::Forecast> f = method->run(series, horizon, forecast::MethodOptions{});
      SheetForecast out = empty({std::string("engine:") + name, "statistical", name, {}, {}, {}, {}, {}, ""});
      if (!f.ok()) {
        out.note = f.status().message();
      } else {
        out.model = f->method;
        out.note = f->note;
        for (int h = 0; h < horizon; ++h) {
          // Sales are not negative: the figure and its bounds are cut at zero.
          out.mean[h] = std::max(0.0, f->mean[h]);
          out.lo80[h] = std::max(0.0, f->lo80[h]), out.hi80[h] = std::max(0.0, f->hi80[h]);
          out.lo95[h] = std::max(0.0, f->lo95[h]), out.hi95[h] = std::max(0.0, f->hi95[h]);
        }
      }
      sheet.forecasts.push_back(std::move(out));
    }
  }

  // Kept forecasts: the latest of each source per month; past months are scored.
  SD_ASSIGN_OR_RETURN(std::vector<Record> kept, KeptForecasts(*tx, actor, scope, org.currency));
  SD_ASSIGN_OR_RETURN(auto names, UserNames(*tx, actor));
  std::sort(kept.begin(), kept.end(), [](const Record& a, const Record& b) {
    const std::string ma = a.GetText("made_on"), mb = b.GetText("made_on");
    return ma != mb ? ma < mb : a.id < b.id;
  });
  std::map<std::string, double> actual;
  for (std::size_t i = 0; i < sheet.history.size(); ++i) actual[sheet.history_months[i]] = sheet.history[i];
  std::map<std::string, std::map<std::string, double>> scored;  // source -> month -> latest forecast
  std::map<std::string, SheetForecast> future;
  sheet.committed.assign(horizon, std::nullopt);
  sheet.committed_notes.assign(horizon, "");
  for (const Record& r : kept) {
    const std::string period = r.GetText("period");
    if (period.size() != 7) continue;  // quarters are not on a monthly sheet
    const std::string method = r.GetText("method");
    const std::string source = SourceOf(r, names);
    const double amount = Major(r, "amount", org.currency);
    if (const int k = month_index(period); k >= 0) {
      if (method == "committed") {
        sheet.committed[k] = amount;
        sheet.committed_notes[k] = r.GetText("note");
        continue;
      }
      auto [it, fresh] = future.try_emplace(source, empty({source, method, r.GetText("model"), {}, {}, {}, {}, {}, ""}));
      SheetForecast& f = it->second;
      f.mean[k] = amount;
      f.lo80[k] = Major(r, "lo80", org.currency), f.hi80[k] = Major(r, "hi80", org.currency);
      f.lo95[k] = Major(r, "lo95", org.currency), f.hi95[k] = Major(r, "hi95", org.currency);
      f.note = r.GetText("note");
    } else if (method != "committed" && actual.count(period) && r.GetText("made_on") <= period + "-01") {
      scored[source][period] = amount;  // only forecasts made by the month's first day count
    }
  }
  for (auto& [source, f] : future) {
    // A kept engine forecast of a month to come is older than the live one beside it.
    const bool live = std::any_of(sheet.forecasts.begin(), sheet.forecasts.end(),
                                  [&](const SheetForecast& e) { return e.source == source; });
    if (!live) sheet.forecasts.push_back(std::move(f));
  }

  // Track record (forecast/scoring.h), and the suggested combination per month.
  std::vector<forecast::KeptForecast> past;
  for (const auto& [source, by_month] : scored)
    for (const auto& [month, value] : by_month) past.push_back({"scope", month, source, value});
  std::vector<forecast::ActualValue> actuals;
  for (const auto& [month, value] : actual) actuals.push_back({"scope", month, value});
  const forecast::ScopeHistory scope_history{"scope", sheet.history, 12};
  forecast::TrackRecord record;
  if (!past.empty()) {
    SD_ASSIGN_OR_RETURN(record, forecast::ScoreTrackRecord(past, actuals, {&scope_history, 1}));
  }
  const double scale = forecast::MaseScale(sheet.history, 12);
  for (const forecast::AuthorRecord& a : record.league) {
    TrackRecord t{a.author, a.overall.n, a.overall.mase, a.overall.percent_bias, a.overall.mase * scale, {}};
    for (const forecast::ScorePoint& p : a.over_time) t.over_time.push_back({p.period, p.score.mase, p.score.percent_bias});
    sheet.league.push_back(std::move(t));
  }
  sheet.suggested.assign(horizon, kNaN);
  for (int h = 0; h < horizon; ++h) {
    std::vector<forecast::KeptForecast> candidates;
    for (const SheetForecast& f : sheet.forecasts)
      if (std::isfinite(f.mean[h])) candidates.push_back({"scope", sheet.months[h], f.source, f.mean[h]});
    if (candidates.empty()) continue;
    SD_ASSIGN_OR_RETURN(forecast::SuggestedCombination c, forecast::SuggestCombination(record, candidates));
    sheet.suggested[h] = c.value;
    if (h == 0)
      for (const forecast::SuggestedWeight& w : c.weights) sheet.suggested_weights.emplace_back(w.author, w.weight);
  }
  return sheet;
}

Result<ForecastRollup> BuildForecastRollup(Store& store, const Actor& actor, const std::string& scope_key,
                                           const std::string& method_name, const std::string& reconciliation,
                                           int horizon, Date today) {
  SD_RETURN_IF_ERROR(CheckHorizon(horizon));
  static constexpr std::string_view kWithFits[] = {"ets", "arima", "theta", "snaive", "naive", "ses", "holt"};
  if (std::find(std::begin(kWithFits), std::end(kWithFits), method_name) == std::end(kWithFits)) {
    return Status::Invalid("must be one of ets, arima, theta, snaive, naive, ses, holt", "method");
  }
  auto how = forecast::ParseReconcileMethod(reconciliation);
  if (!how.ok()) return Status::Invalid(how.status().message(), "reconciliation");
  SD_ASSIGN_OR_RETURN(std::vector<ForecastScope> all, ForecastScopes(store, actor));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope root, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  ForecastRollup out;
  out.currency = org.currency;
  out.method = method_name;
  out.reconciliation = std::string(forecast::ReconcileMethodName(*how));
  const std::string last_month = AddMonths(MonthOf(today), -1);
  SD_ASSIGN_OR_RETURN(auto root_history, History(*tx, actor, root, last_month, org.currency));
  if (root_history.second.size() < 3) {
    return Status::Invalid("the scope needs at least three months of sales history", "history");
  }
  out.history_months = root_history.first;
  for (int h = 1; h <= horizon; ++h) out.months.push_back(AddMonths(last_month, h));

  std::vector<ForecastScope> nodes = Subtree(all, root.scope);
  SD_ASSIGN_OR_RETURN(forecast::Hierarchy hierarchy, HierarchyOf(nodes));

  const forecast::MethodInfo* method = forecast::FindMethod(method_name);
  const std::size_t months = out.history_months.size();
  forecast::ReconcileInput input;
  for (const ForecastScope& n : nodes) {
    RollupNode node{n, {}, {}, {}, ""};
    SD_ASSIGN_OR_RETURN(ResolvedScope resolved, ResolveScope(*tx, actor, n.key, "sales"));
    SD_ASSIGN_OR_RETURN(auto h, History(*tx, actor, resolved, last_month, org.currency));
    node.history.assign(months - h.second.size(), 0.0);  // before its first sale: nothing
    node.history.insert(node.history.end(), h.second.begin(), h.second.end());
    SD_ASSIGN_OR_RETURN(forecast::Forecast f, method->run({node.history, 12}, horizon, forecast::MethodOptions{}));
    node.base = f.mean;
    node.model = f.method;
    std::vector<double> residual(months);
    for (std::size_t t = 0; t < months; ++t) {
      residual[t] = t < f.fitted.size() && std::isfinite(f.fitted[t]) ? node.history[t] - f.fitted[t] : kNaN;
    }
    input.base.push_back(node.base);
    input.residuals.push_back(std::move(residual));
    out.nodes.push_back(std::move(node));
  }
  // MinT needs the same periods for every node: keep the months where every fit exists.
  std::size_t first = 0;
  for (const auto& r : input.residuals)
    for (std::size_t t = 0; t < r.size(); ++t)
      if (!std::isfinite(r[t])) first = std::max(first, t + 1);
  for (auto& r : input.residuals) r.erase(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(std::min(first, r.size())));
  if (*how == forecast::ReconcileMethod::kMinTShrink && input.residuals.front().size() < 2) {
    return Status::Invalid("too little history for MinT; choose bottom_up, ols or wls", "reconciliation");
  }
  SD_ASSIGN_OR_RETURN(forecast::Reconciled r, forecast::Reconcile(hierarchy, input, *how));
  out.shrinkage = r.shrinkage;
  out.note = r.note;
  for (std::size_t i = 0; i < out.nodes.size(); ++i) {
    out.nodes[i].reconciled = r.forecasts[i];
  }
  return out;
}

namespace {

Status CheckMonth(const std::string& month) {
  auto p = ParsePeriod(month);
  if (!p.ok() || p->month == 0) return Status::Invalid("must be a month like 2026-12", "month");
  return Status::Ok();
}

// Latest first-made-no-later-than-the-month's-first-day figure per (owner, month) of kept
// rows, and the latest row per owner for `month` itself.
Id OwnerOf(const Record& r) {
  return std::holds_alternative<std::int64_t>(r.Get("owner_id")) ? r.GetInt("owner_id") : 0;
}

void SortByMade(std::vector<Record>& rows) {
  std::sort(rows.begin(), rows.end(), [](const Record& a, const Record& b) {
    const std::string ma = a.GetText("made_on"), mb = b.GetText("made_on");
    return ma != mb ? ma < mb : a.id < b.id;
  });
}

}  // namespace

Result<ExecutiveOpinion> BuildExecutiveOpinion(Store& store, const Actor& actor, const std::string& scope_key,
                                               const std::string& month, Date today) {
  SD_RETURN_IF_ERROR(CheckMonth(month));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  SD_ASSIGN_OR_RETURN(auto history, History(*tx, actor, scope, AddMonths(MonthOf(today), -1), org.currency));
  std::map<std::string, double> actual;
  for (std::size_t i = 0; i < history.first.size(); ++i) actual[history.first[i]] = history.second[i];
  SD_ASSIGN_OR_RETURN(std::vector<Record> kept, KeptForecasts(*tx, actor, scope, org.currency));
  SD_ASSIGN_OR_RETURN(auto names, UserNames(*tx, actor));
  SortByMade(kept);
  std::map<Id, double> figure;
  std::map<Id, std::map<std::string, double>> past;  // owner -> month -> latest in-time figure
  for (const Record& r : kept) {
    if (r.GetText("method") != "executive") continue;
    const std::string period = r.GetText("period");
    const double amount = Major(r, "amount", org.currency);
    if (period == month) {
      figure[OwnerOf(r)] = amount;
    } else if (actual.count(period) && r.GetText("made_on") <= period + "-01") {
      past[OwnerOf(r)][period] = amount;
    }
  }
  ExecutiveOpinion out;
  out.month = month;
  out.forecast = kNaN;
  if (figure.empty()) {
    out.note = "no executive has given a figure for " + month;
    return out;
  }
  std::vector<forecast::ExecutiveFigure> figures;
  for (const auto& [owner, value] : figure) {
    forecast::ExecutiveFigure f{names.count(owner) ? names[owner] : "#" + std::to_string(owner), value, {}};
    for (const auto& [m, v] : past[owner]) f.past_errors.push_back(v - actual[m]);
    figures.push_back(std::move(f));
  }
  forecast::OpinionOptions options;
  options.weighting = forecast::OpinionWeighting::kInverseMae;
  SD_ASSIGN_OR_RETURN(forecast::OpinionSummary summary, forecast::CombineExecutiveOpinion(figures, options));
  out.forecast = summary.forecast;
  out.median = summary.spread.median, out.q1 = summary.spread.q1, out.q3 = summary.spread.q3;
  out.min = summary.spread.min, out.max = summary.spread.max;
  out.note = summary.note;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const forecast::PersonWeight& w = summary.weights[i];
    out.people.push_back({figures[i].person, figures[i].figure, w.weight, w.history, w.past_error});
  }
  return out;
}

Result<SalesForceComposite> BuildSalesForceComposite(Store& store, const Actor& actor, const std::string& scope_key,
                                                     const std::string& month, Date today) {
  SD_RETURN_IF_ERROR(CheckMonth(month));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope root, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  SD_ASSIGN_OR_RETURN(std::vector<ForecastScope> all, ListScopes(*tx, actor, "sales"));
  SD_ASSIGN_OR_RETURN(auto names, UserNames(*tx, actor));
  const std::string last_month = AddMonths(MonthOf(today), -1);

  std::vector<ForecastScope> nodes = Subtree(all, root.scope);
  SD_ASSIGN_OR_RETURN(forecast::Hierarchy hierarchy, HierarchyOf(nodes));

  // Every call and adjustment about a rep of this subtree (which the actor may see, as
  // ResolveScope checked), whoever made it: a rep sees their manager's adjustment of their
  // call and its reason; a manager sees an executive's adjustment of their reps' calls.
  std::set<Id> reps_here;
  for (const ForecastScope& n : nodes)
    if (n.level == "rep" && n.user_id) reps_here.insert(*n.user_id);
  ListQuery q;
  q.visible = actor.VisibleFor(Reach::kOrg);
  q.limit = 1000000;
  q.filters.push_back({"method", Value(std::string("composite"))});
  SD_ASSIGN_OR_RETURN(Page rows, tx->List(actor.org_id, ForecastsKind(), q));
  SortByMade(rows.records);
  std::map<Id, std::vector<const Record*>> by_rep;
  for (const Record& r : rows.records) {
    if (r.GetText("currency") != org.currency || !std::holds_alternative<std::int64_t>(r.Get("scope_user_id"))) continue;
    const Id about = r.GetInt("scope_user_id");
    if (!reps_here.count(about)) continue;
    by_rep[about].push_back(&r);
  }
  // The open pipeline closing in the month, as the pre-fill.
  ListQuery oq;
  oq.visible = root.members;
  oq.limit = 1000000;
  SD_ASSIGN_OR_RETURN(Page opportunities, tx->List(actor.org_id, OpportunitiesKind(), oq));
  std::vector<forecast::PipelineDeal> deals;
  for (const Record& o : opportunities.records) {
    if (o.GetText("close_date").substr(0, 7) != month || o.GetText("currency") != org.currency) continue;
    if (!std::holds_alternative<std::int64_t>(o.Get("owner_id"))) continue;
    const std::string stage = o.GetText("stage");
    auto category = forecast::ParseForecastCategory(o.GetText("forecast_category"));
    if (!category.ok()) continue;
    forecast::ForecastCategory c = *category;
    if (stage == "closed_won") c = forecast::ForecastCategory::kClosed;
    if (stage == "closed_lost") c = forecast::ForecastCategory::kOmitted;
    const Value& p = o.Get("probability");
    const double probability = stage == "closed_won" ? 1.0
                               : std::holds_alternative<double>(p) ? std::get<double>(p) / 100 : 0.0;
    deals.push_back({"user:" + std::to_string(o.GetInt("owner_id")), o.GetText("external_id"),
                     Major(o, "amount", org.currency), probability, c});
  }
  SD_ASSIGN_OR_RETURN(std::vector<forecast::PipelineCall> prefill, forecast::PrefillFromPipeline(deals));

  SalesForceComposite out;
  out.month = month;
  std::vector<forecast::RepCall> calls;
  for (const ForecastScope& n : nodes) {
    if (n.level != "rep" || !n.user_id) continue;
    const Id rep = *n.user_id;
    CompositeRep line{n, std::nullopt, std::nullopt, "", "", 0, 0, 0, 0, 0, kNaN, 1};
    for (const forecast::PipelineCall& p : prefill) {
      if (p.rep != n.key) continue;
      line.closed = p.closed, line.commit = p.commit, line.best_case = p.best_case, line.weighted = p.weighted;
    }
    SD_ASSIGN_OR_RETURN(ResolvedScope rep_scope, ResolveScope(*tx, actor, n.key, "sales"));
    SD_ASSIGN_OR_RETURN(auto rep_history, History(*tx, actor, rep_scope, last_month, org.currency));
    std::map<std::string, double> actual;
    for (std::size_t i = 0; i < rep_history.first.size(); ++i) actual[rep_history.first[i]] = rep_history.second[i];
    std::map<std::string, double> own_past;
    for (const Record* r : by_rep[rep]) {
      const std::string period = r->GetText("period");
      const double amount = Major(*r, "amount", org.currency);
      if (period == month) {
        if (OwnerOf(*r) == rep) {
          line.call = amount;
        } else {
          line.adjusted = amount;
          line.adjusted_by = names.count(OwnerOf(*r)) ? names[OwnerOf(*r)] : "";
          line.reason = r->GetText("note");
        }
      } else if (OwnerOf(*r) == rep && actual.count(period) && r->GetText("made_on") <= period + "-01") {
        own_past[period] = amount;
      }
    }
    forecast::RepCall call;
    call.rep = n.key;
    call.call = line.call.value_or(0);
    if (line.adjusted) {
      call.adjusted = true;
      call.adjusted_call = *line.adjusted;
      call.adjusted_by = line.adjusted_by.empty() ? "manager" : line.adjusted_by;
      call.reason = line.reason.empty() ? "(no reason given)" : line.reason;
    }
    for (const auto& [m, v] : own_past) call.past_calls.push_back(v), call.past_actuals.push_back(actual[m]);
    if (line.call || line.adjusted) calls.push_back(std::move(call));
    out.reps.push_back(std::move(line));
  }
  forecast::CompositeOptions options;
  options.correct_bias = true;
  SD_ASSIGN_OR_RETURN(forecast::CompositeResult r, forecast::RollUpSalesForce(hierarchy, calls, options));
  for (std::size_t i = 0, k = 0; i < out.reps.size(); ++i) {
    CompositeRep& line = out.reps[i];
    if (!line.call && !line.adjusted) continue;
    const forecast::RepBias& b = r.bias[k++];
    line.bias_months = b.n;
    line.bias_percent = b.mean_percent_error;
    line.correction = b.enough_history ? b.correction : 1;
  }
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const forecast::CompositeLine& l = r.lines[i];
    out.lines.push_back({nodes[i], l.submitted, l.adjusted, l.bias_corrected, l.reps, l.missing});
  }
  out.note = r.note;
  return out;
}

Result<std::vector<std::pair<std::string, double>>> SalesByTerritory(Store& store, const Actor& actor,
                                                                   const std::string& from, const std::string& to) {
  auto f = ParseDate(from);
  if (!f.ok()) return Status::Invalid(f.status().message(), "from");
  auto t = ParseDate(to);
  if (!t.ok()) return Status::Invalid(t.status().message(), "to");
  if (*t < *f) return Status::Invalid("must not be before from", "to");
  const Reach reach = PermissionFor(actor.role, "sales").read;
  if (reach == Reach::kNone) return Status::Denied("you may not see sales");
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  SD_ASSIGN_OR_RETURN(auto rows, tx->SalesByAccountTerritory(actor.org_id, from, to, actor.VisibleFor(reach)));
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [territory, minor] : rows) out.emplace_back(territory, MoneyToMajor(minor, org.currency));
  return out;
}

Result<EconometricSheet> BuildEconometric(Store& store, const Actor& actor, const std::string& scope_key,
                                          const std::vector<IndicatorInput>& indicators, int horizon, Date today) {
  SD_RETURN_IF_ERROR(CheckHorizon(horizon));
  if (indicators.empty()) return Status::Invalid("give at least one indicator", "indicators");
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  const std::string last_month = AddMonths(MonthOf(today), -1);
  SD_ASSIGN_OR_RETURN(auto history, History(*tx, actor, scope, last_month, org.currency));
  if (history.second.empty()) return Status::Invalid("the scope has no sales history to regress", "history");
  EconometricSheet out;
  out.history_months = history.first;
  out.history = history.second;
  for (int h = 1; h <= horizon; ++h) out.months.push_back(AddMonths(last_month, h));
  std::vector<forecast::Indicator> inputs;
  for (std::size_t k = 0; k < indicators.size(); ++k) {
    const IndicatorInput& in = indicators[k];
    const std::string field = "indicators[" + std::to_string(k) + "]";
    SD_RETURN_IF_ERROR(CheckMonth(in.start).ok() ? Status::Ok()
                                                 : Status::Invalid("start must be a month like 2024-01", field));
    forecast::Indicator ind{in.name.empty() ? "x" + std::to_string(k + 1) : in.name, {}, in.lags, {}};
    // values[i] is the month start + i: the history's months must all be there.
    std::map<std::string, double> by_month;
    for (std::size_t i = 0; i < in.values.size(); ++i) by_month[AddMonths(in.start, static_cast<int>(i))] = in.values[i];
    for (const std::string& m : out.history_months) {
      const auto it = by_month.find(m);
      if (it == by_month.end()) {
        return Status::Invalid(ind.name + " has no value for " + m + " (the sales history runs " +
                                   out.history_months.front() + " to " + out.history_months.back() + ")",
                               field);
      }
      ind.values.push_back(it->second);
    }
    for (const std::string& m : out.months) {
      const auto it = by_month.find(m);
      if (it == by_month.end()) break;
      ind.future.push_back(it->second);
    }
    inputs.push_back(std::move(ind));
  }
  forecast::EconometricOptions options;
  options.horizon = horizon;
  options.period = 12;
  options.ljung_box_lag = std::min<int>(12, static_cast<int>(out.history.size()) / 4);
  SD_ASSIGN_OR_RETURN(out.result, forecast::ForecastEconometric(out.history, inputs, options));
  return out;
}

Result<std::vector<Record>> KeepEngineForecast(Store& store, const Actor& actor, const std::string& scope_key,
                                               const std::string& method_name, int horizon, Date today) {
  SD_RETURN_IF_ERROR(CheckHorizon(horizon));
  const forecast::MethodInfo* method = forecast::FindMethod(method_name);
  if (!method) return Status::Invalid("unknown method \"" + method_name + "\"", "method");
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "sales"));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  const std::string last_month = AddMonths(MonthOf(today), -1);
  SD_ASSIGN_OR_RETURN(auto history, History(*tx, actor, scope, last_month, org.currency));
  if (history.second.empty()) return Status::Invalid("the scope has no sales history to forecast from", "history");
  SD_ASSIGN_OR_RETURN(forecast::Forecast f, method->run({history.second, 12}, horizon, forecast::MethodOptions{}));
  std::vector<Record> kept;
  Status denial;
  for (int h = 0; h < horizon; ++h) {
    Record r(&ForecastsKind());
    if (scope.scope.user_id) {
      r.Set("owner_id", *scope.scope.user_id);
      r.Set("scope_user_id", *scope.scope.user_id);
    }
    r.Set("period", AddMonths(last_month, h + 1));
    r.Set("method", std::string("statistical"));
    r.Set("model", method_name);
    r.Set("amount", Minor(f.mean[h], org.currency));
    r.Set("lo80", Minor(f.lo80[h], org.currency)), r.Set("hi80", Minor(f.hi80[h], org.currency));
    r.Set("lo95", Minor(f.lo95[h], org.currency)), r.Set("hi95", Minor(f.hi95[h], org.currency));
    r.Set("currency", org.currency);
    r.Set("made_on", today.ToString());
    r.Set("note", f.method + (f.note.empty() ? "" : "; " + f.note));
    Status s = CheckWritable(*tx, actor, r);
    if (s.code() == StatusCode::kPermissionDenied) {
      denial = s;
      break;
    }
    SD_RETURN_IF_ERROR(s);
    SD_ASSIGN_OR_RETURN(Record created, tx->Insert(actor.org_id, std::move(r)));
    kept.push_back(std::move(created));
  }
  if (!denial.ok()) {
    tx.reset();  // rolls back
    return AuditDenial(store, actor, "keep_forecast", scope_key, denial);
  }
  SD_RETURN_IF_ERROR(Audit(*tx, actor, "keep_forecast", scope_key, "allowed",
                           method_name + ", " + std::to_string(horizon) + " months"));
  SD_RETURN_IF_ERROR(tx->Commit());
  return kept;
}

}  // namespace salesdesk::app
