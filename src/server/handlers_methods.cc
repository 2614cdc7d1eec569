// /api/v1/forecast/{test-market,survey,market-factor,buying-power}: the guide's market
// methods as calculators over the figures a manager brings (JSON bodies); market-factor
// fills in the actor's own sales per territory from the store when none are given. The
// results are kept, when the manager wants, as ordinary forecast records.
#include <boost/json.hpp>

#include <cmath>
#include <map>

#include "app/forecasting.h"
#include "core/dates.h"
#include "forecast/market.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/json_writer.h"
#include "server/problem.h"

namespace salesdesk::server {
namespace {

namespace json = boost::json;
namespace fc = salesdesk::forecast;

// A number member; `fallback` when absent (NaN fallback = required).
Result<double> Number(const json::object& o, std::string_view key, double fallback, const std::string& where = {}) {
  const json::value* v = o.if_contains(key);
  const std::string name = where.empty() ? std::string(key) : where + "." + std::string(key);
  if (!v) {
    if (std::isnan(fallback)) return Status::Invalid("is required", name);
    return fallback;
  }
  if (!v->is_number()) return Status::Invalid("must be a number", name);
  const double d = v->to_number<double>();
  if (!std::isfinite(d)) return Status::Invalid("must be a finite number", name);
  return d;
}

Result<std::string> Text(const json::object& o, std::string_view key, const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return Status::Invalid("must be a string", where + "." + std::string(key));
  return std::string(v->as_string());
}

// The array member `key` of objects, or a 400 naming it.
Result<const json::array*> Rows(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_array()) return Status::Invalid("must be a list", std::string(key));
  for (const json::value& item : v->as_array()) {
    if (!item.is_object() && !item.is_number()) return Status::Invalid("must hold objects", std::string(key));
  }
  return &v->as_array();
}

// Engine errors about the figures are the caller's: 422 naming the field.
Response EngineProblem(const Status& st) { return ProblemFor(st); }

constexpr double kRequired = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Response HandleTestMarket(Services&, const Call& call) {
  auto body = ParseObjectBody(call.request.body());
  if (!body.ok()) return BadRequest(body.status());
  if (Status only = OnlyMembers(*body, {"regions", "market_factor_total", "market_regions"}); !only.ok()) {
    return BadRequest(only);
  }
  auto rows = Rows(*body, "regions");
  if (!rows.ok()) return BadRequest(rows.status());
  std::vector<fc::TestRegion> regions;
  for (std::size_t i = 0; i < (*rows)->size(); ++i) {
    const json::object* r = (**rows)[i].if_object();
    const std::string where = "regions[" + std::to_string(i) + "]";
    if (!r) return BadRequest(Status::Invalid("must be an object", where));
    fc::TestRegion t;
    auto name = Text(*r, "region", where);
    if (!name.ok()) return BadRequest(name.status());
    auto sales = Number(*r, "sales", kRequired, where);
    if (!sales.ok()) return BadRequest(sales.status());
    auto factor = Number(*r, "market_factor", kRequired, where);
    if (!factor.ok()) return BadRequest(factor.status());
    regions.push_back({*name, *sales, *factor});
  }
  fc::TestMarketOptions options;
  auto total = Number(*body, "market_factor_total", kRequired);
  if (!total.ok()) return BadRequest(total.status());
  auto count = Number(*body, "market_regions", 0);
  if (!count.ok()) return BadRequest(count.status());
  options.market_factor_total = *total;
  options.market_regions = static_cast<int>(*count);
  auto p = fc::ProjectTestMarket(regions, options);
  if (!p.ok()) return EngineProblem(p.status());
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("regions").Int(p->regions).Key("ratio").Double(p->ratio).Key("estimate").Double(p->estimate);
  w.Key("std_error").Double(p->std_error).Key("lo80").Double(p->lo80).Key("hi80").Double(p->hi80);
  w.Key("lo95").Double(p->lo95).Key("hi95").Double(p->hi95).Key("coverage").Double(p->coverage).EndObject();
  return JsonResponse(200, std::move(out));
}

Response HandleSurvey(Services&, const Call& call) {
  auto body = ParseObjectBody(call.request.body());
  if (!body.ok()) return BadRequest(body.status());
  if (Status only = OnlyMembers(*body, {"scale", "probabilities", "answers", "market_size", "adjustment"}); !only.ok()) {
    return BadRequest(only);
  }
  fc::IntentionScale scale = fc::FivePointScale();
  if (const json::value* name = body->if_contains("scale")) {
    if (!name->is_string()) return BadRequest(Status::Invalid("must be \"five\" or \"juster\"", "scale"));
    if (name->as_string() == "juster") {
      scale = fc::JusterScale();
    } else if (name->as_string() != "five") {
      return BadRequest(Status::Invalid("must be \"five\" or \"juster\"", "scale"));
    }
  }
  if (const json::value* p = body->if_contains("probabilities")) {  // the user's own calibration
    if (!p->is_array() || p->as_array().size() != scale.probability.size()) {
      return BadRequest(Status::Invalid("must list one probability per scale point (" +
                                            std::to_string(scale.probability.size()) + ")",
                                        "probabilities"));
    }
    for (std::size_t i = 0; i < scale.probability.size(); ++i) {
      const json::value& v = p->as_array()[i];
      if (!v.is_number()) return BadRequest(Status::Invalid("must be numbers from 0 to 1", "probabilities"));
      scale.probability[i] = v.to_number<double>();
    }
  }
  const json::value* answers_value = body->if_contains("answers");
  if (!answers_value || !answers_value->is_array()) return BadRequest(Status::Invalid("must be a list", "answers"));
  std::vector<int> answers;
  for (const json::value& v : answers_value->as_array()) {
    if (!v.is_int64() && !v.is_uint64()) {
      return BadRequest(Status::Invalid("answer " + std::to_string(answers.size() + 1) + " is not a whole number",
                                        "answers"));
    }
    answers.push_back(static_cast<int>(v.to_number<std::int64_t>()));
  }
  fc::IntentionSurveyOptions options;
  auto size = Number(*body, "market_size", kRequired);
  if (!size.ok()) return BadRequest(size.status());
  auto adjustment = Number(*body, "adjustment", 1);
  if (!adjustment.ok()) return BadRequest(adjustment.status());
  options.market_size = *size;
  options.adjustment = *adjustment;
  auto e = fc::EstimatePurchaseIntention(answers, scale, options);
  if (!e.ok()) return EngineProblem(e.status());
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("scale").String(scale.name).Key("low").Int(scale.low).Key("high").Int(scale.high);
  w.Key("probabilities").BeginArray();
  for (double p : scale.probability) w.Double(p);
  w.EndArray().Key("respondents").Int(e->respondents).Key("counts").BeginArray();
  for (int c : e->counts) w.Int(c);
  w.EndArray().Key("purchase_rate").Double(e->purchase_rate).Key("expected_buyers").Double(e->expected_buyers);
  w.Key("lo80").Double(e->lo80).Key("hi80").Double(e->hi80).Key("lo95").Double(e->lo95).Key("hi95").Double(e->hi95);
  w.EndObject();
  return JsonResponse(200, std::move(out));
}

Response HandleMarketFactor(Services& s, const Call& call) {
  auto body = ParseObjectBody(call.request.body());
  if (!body.ok()) return BadRequest(body.status());
  if (Status only = OnlyMembers(*body, {"territories", "from", "to"}); !only.ok()) return BadRequest(only);
  auto rows = Rows(*body, "territories");
  if (!rows.ok()) return BadRequest(rows.status());
  std::vector<fc::TerritoryFactor> territories;
  bool need_sales = false;
  for (std::size_t i = 0; i < (*rows)->size(); ++i) {
    const json::object* r = (**rows)[i].if_object();
    const std::string where = "territories[" + std::to_string(i) + "]";
    if (!r) return BadRequest(Status::Invalid("must be an object", where));
    auto name = Text(*r, "territory", where);
    if (!name.ok()) return BadRequest(name.status());
    auto factor = Number(*r, "factor", kRequired, where);
    if (!factor.ok()) return BadRequest(factor.status());
    auto sales = Number(*r, "sales", -1, where);
    if (!sales.ok()) return BadRequest(sales.status());
    need_sales |= *sales < 0;
    territories.push_back({*name, *sales, *factor});
  }
  std::string source = "given";
  if (need_sales) {  // the caller's own sales per account territory over [from, to]
    const json::value* from = body->if_contains("from");
    const json::value* to = body->if_contains("to");
    if (!from || !to || !from->is_string() || !to->is_string()) {
      return BadRequest(Status::Invalid("from and to (YYYY-MM-DD) are needed to take sales from the records", "from"));
    }
    auto sales = app::SalesByTerritory(s.store, call.session->actor, std::string(from->as_string()),
                                       std::string(to->as_string()));
    if (!sales.ok()) {
      const Status& st = sales.status();
      return st.code() == StatusCode::kInvalidArgument ? BadRequest(st) : ProblemFor(st);
    }
    std::map<std::string, double> by_name(sales->begin(), sales->end());
    for (fc::TerritoryFactor& t : territories) {
      if (t.sales < 0) t.sales = by_name.count(t.territory) ? by_name[t.territory] : 0;
    }
    source = "records";
  }
  auto r = fc::AnalyseMarketFactor(territories);
  if (!r.ok()) return EngineProblem(r.status());
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("sales_from").String(source).Key("territories").Int(r->territories);
  w.Key("intercept").Double(r->intercept).Key("slope").Double(r->slope).Key("slope_se").Double(r->slope_se);
  w.Key("slope_lo95").Double(r->slope_lo95).Key("slope_hi95").Double(r->slope_hi95);
  w.Key("correlation").Double(r->correlation).Key("r_squared").Double(r->r_squared);
  w.Key("residual_se").Double(r->residual_se).Key("gaps").BeginArray();
  for (const fc::TerritoryGap& g : r->gaps) {
    w.BeginObject().Key("territory").String(g.territory).Key("sales").Double(g.sales).Key("expected").Double(g.expected);
    w.Key("shortfall").Double(g.shortfall).Key("shortfall_percent").Double(g.shortfall_percent);
    w.Key("standardised").Double(g.standardised).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(out));
}

Response HandleBuyingPower(Services&, const Call& call) {
  auto body = ParseObjectBody(call.request.body());
  if (!body.ok()) return BadRequest(body.status());
  if (Status only = OnlyMembers(*body, {"territories", "weights"}); !only.ok()) return BadRequest(only);
  auto rows = Rows(*body, "territories");
  if (!rows.ok()) return BadRequest(rows.status());
  std::vector<fc::TerritoryMarket> markets;
  for (std::size_t i = 0; i < (*rows)->size(); ++i) {
    const json::object* r = (**rows)[i].if_object();
    const std::string where = "territories[" + std::to_string(i) + "]";
    if (!r) return BadRequest(Status::Invalid("must be an object", where));
    fc::TerritoryMarket m;
    auto name = Text(*r, "territory", where);
    if (!name.ok()) return BadRequest(name.status());
    m.territory = *name;
    for (auto [key, field] : {std::pair{"income", &m.income}, std::pair{"retail_sales", &m.retail_sales},
                              std::pair{"population", &m.population}}) {
      auto v = Number(*r, key, kRequired, where);
      if (!v.ok()) return BadRequest(v.status());
      *field = *v;
    }
    auto sales = Number(*r, "sales", -1, where);
    if (!sales.ok()) return BadRequest(sales.status());
    m.sales = *sales;
    markets.push_back(std::move(m));
  }
  fc::BuyingPowerWeights weights;
  if (const json::value* wv = body->if_contains("weights")) {
    if (!wv->is_object()) return BadRequest(Status::Invalid("must be {income, retail_sales, population}", "weights"));
    for (auto [key, field] : {std::pair{"income", &weights.income}, std::pair{"retail_sales", &weights.retail_sales},
                              std::pair{"population", &weights.population}}) {
      auto v = Number(wv->as_object(), key, *field, "weights");
      if (!v.ok()) return BadRequest(v.status());
      *field = *v;
    }
  }
  auto index = fc::BuyingPowerIndex(markets, weights);
  if (!index.ok()) return EngineProblem(index.status());
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("territories").BeginArray();
  for (const fc::TerritoryBuyingPower& t : *index) {
    w.BeginObject().Key("territory").String(t.territory).Key("income_share").Double(t.income_share);
    w.Key("retail_sales_share").Double(t.retail_sales_share).Key("population_share").Double(t.population_share);
    w.Key("index").Double(t.index).Key("sales_share").Double(t.sales_share);
    w.Key("potential_sales").Double(t.potential_sales).Key("gap").Double(t.gap);
    w.Key("performance").Double(t.performance).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(out));
}

Response HandleEconometric(Services& s, const Call& call) {
  auto body = ParseObjectBody(call.request.body());
  if (!body.ok()) return BadRequest(body.status());
  if (Status only = OnlyMembers(*body, {"scope", "horizon", "indicators", "as_of"}); !only.ok()) return BadRequest(only);
  std::string scope = "org";
  if (const json::value* v = body->if_contains("scope")) {
    if (!v->is_string()) return BadRequest(Status::Invalid("must be a string", "scope"));
    scope = std::string(v->as_string());
  }
  auto horizon = Number(*body, "horizon", 6);
  if (!horizon.ok()) return BadRequest(horizon.status());
  Date today = Date::FromDaysSinceEpoch(NowUnixSeconds() / 86400);
  if (const json::value* v = body->if_contains("as_of")) {
    auto d = v->is_string() ? ParseDate(std::string(v->as_string())) : Result<Date>(Status::Invalid("must be a date"));
    if (!d.ok()) return BadRequest(Status::Invalid(d.status().message(), "as_of"));
    today = *d;
  }
  auto rows = Rows(*body, "indicators");
  if (!rows.ok()) return BadRequest(rows.status());
  std::vector<app::IndicatorInput> indicators;
  for (std::size_t i = 0; i < (*rows)->size(); ++i) {
    const json::object* r = (**rows)[i].if_object();
    const std::string where = "indicators[" + std::to_string(i) + "]";
    if (!r) return BadRequest(Status::Invalid("must be an object", where));
    app::IndicatorInput in;
    auto name = Text(*r, "name", where);
    if (!name.ok()) return BadRequest(name.status());
    auto start = Text(*r, "start", where);
    if (!start.ok()) return BadRequest(start.status());
    in.name = *name, in.start = *start;
    const json::value* values = r->if_contains("values");
    if (!values || !values->is_array()) return BadRequest(Status::Invalid("must be a list of numbers", where + ".values"));
    for (const json::value& v : values->as_array()) {
      if (!v.is_number()) return BadRequest(Status::Invalid("must be a list of numbers", where + ".values"));
      in.values.push_back(v.to_number<double>());
    }
    if (const json::value* lags = r->if_contains("lags")) {
      if (!lags->is_array()) return BadRequest(Status::Invalid("must be a list of whole numbers", where + ".lags"));
      in.lags.clear();
      for (const json::value& v : lags->as_array()) {
        if (!v.is_int64() && !v.is_uint64()) {
          return BadRequest(Status::Invalid("must be a list of whole numbers", where + ".lags"));
        }
        in.lags.push_back(static_cast<int>(v.to_number<std::int64_t>()));
      }
    }
    indicators.push_back(std::move(in));
  }
  auto e = app::BuildEconometric(s.store, call.session->actor, scope, indicators, static_cast<int>(*horizon), today);
  if (!e.ok()) {
    const Status& st = e.status();
    const bool param = st.code() == StatusCode::kInvalidArgument && (st.field() == "scope" || st.field() == "horizon");
    return param ? BadRequest(st) : ProblemFor(st);
  }
  const fc::EconometricForecast& r = e->result;
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("history_months").BeginArray();
  for (const auto& m : e->history_months) w.String(m);
  w.EndArray().Key("history").BeginArray();
  for (double v : e->history) w.Double(v);
  w.EndArray().Key("fitted").BeginArray();
  for (double v : r.model.fitted) w.Double(v);
  w.EndArray().Key("months").BeginArray();
  for (const auto& m : e->months) w.String(m);
  w.EndArray().Key("forecast").BeginObject();
  for (auto [key, values] : {std::pair{"mean", &r.forecast.mean}, std::pair{"lo80", &r.forecast.lo80},
                             std::pair{"hi80", &r.forecast.hi80}, std::pair{"lo95", &r.forecast.lo95},
                             std::pair{"hi95", &r.forecast.hi95}}) {
    w.Key(key).BeginArray();
    for (double v : *values) w.Double(v);
    w.EndArray();
  }
  w.EndObject().Key("coefficients").BeginArray();
  for (const fc::Coefficient& c : r.model.coefficients) {
    w.BeginObject().Key("term").String(c.term).Key("estimate").Double(c.estimate).Key("std_error").Double(c.std_error);
    w.Key("t_value").Double(c.t_value).Key("p_value").Double(c.p_value).Key("vif").Double(c.vif).EndObject();
  }
  const fc::RegressionDiagnostics& d = r.model.diagnostics;
  w.EndArray().Key("diagnostics").BeginObject().Key("observations").Int(d.observations);
  w.Key("parameters").Int(d.parameters).Key("r_squared").Double(d.r_squared);
  w.Key("adjusted_r_squared").Double(d.adjusted_r_squared).Key("residual_se").Double(d.residual_se);
  w.Key("durbin_watson").Double(d.durbin_watson).Key("ljung_box_lag").Int(d.ljung_box_lag);
  w.Key("ljung_box").Double(d.ljung_box).Key("ljung_box_p_value").Double(d.ljung_box_p_value).EndObject();
  w.Key("indicators").BeginArray();
  for (const fc::IndicatorPath& p : r.indicators) {
    w.BeginObject().Key("name").String(p.name);
    for (auto [key, values] : {std::pair{"values", &p.values}, std::pair{"lo95", &p.lo95}, std::pair{"hi95", &p.hi95}}) {
      w.Key(key).BeginArray();
      for (double v : *values) w.Double(v);
      w.EndArray();
    }
    w.Key("source").BeginArray();
    for (const std::string& src : p.source) w.String(src);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(out));
}

}  // namespace salesdesk::server
