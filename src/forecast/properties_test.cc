// Properties every registered method must have on awkward input: finite output, ordered
// intervals, the right length, determinism, and clear errors for unusable input.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "forecast/method.h"

namespace salesdesk::forecast {
namespace {

struct Named {
  std::string name;
  Series series;
};

std::vector<double> Seasonal(int n, int m, double level, double trend, double noise) {
  std::vector<double> y(n);
  unsigned state = 12345;
  for (int t = 0; t < n; ++t) {
    state = state * 1103515245u + 12345u;
    const double u = ((state >> 8) % 1000) / 1000.0 - 0.5;
    y[t] = level + trend * t + 0.2 * level * std::sin(2 * std::numbers::pi * t / m) + noise * u;
  }
  return y;
}

std::vector<Named> AwkwardSeries() {
  return {
      {"one value", {{42}, 1}},
      {"two values", {{3, 5}, 1}},
      {"three values seasonal", {{3, 5, 4}, 12}},
      {"constant", {std::vector<double>(30, 7.5), 12}},
      {"all zero", {std::vector<double>(20, 0.0), 4}},
      {"zeros inside", {{0, 5, 0, 0, 3, 0, 8, 0, 0, 0, 2, 0, 4, 0, 0, 1}, 4}},
      {"negative", {{-5, -3, -8, -1, -4, -6, -2, -7, -3, -5, -4, -6}, 1}},
      {"crossing zero", {{-2, 1, -1, 3, 0, 2, -3, 4, 1, -1, 2, 0, 5}, 4}},
      {"monthly trend", {Seasonal(120, 12, 1000, 5, 50), 12}},
      {"quarterly short", {Seasonal(10, 4, 100, 1, 10), 4}},
      {"huge values", {Seasonal(40, 4, 1e12, 1e9, 1e10), 4}},
      {"tiny values", {Seasonal(40, 1, 1e-9, 1e-11, 1e-10), 1}},
      {"step", {{1, 1, 1, 1, 1, 1, 1, 1, 100, 100, 100, 100, 100, 100, 100, 100}, 1}},
  };
}

void ExpectSane(const Forecast& f, int horizon, const std::string& where) {
  ASSERT_EQ(f.mean.size(), static_cast<std::size_t>(horizon)) << where;
  for (auto* v : {&f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
    ASSERT_EQ(v->size(), static_cast<std::size_t>(horizon)) << where;
  }
  for (int h = 0; h < horizon; ++h) {
    for (double v : {f.mean[h], f.lo80[h], f.hi80[h], f.lo95[h], f.hi95[h]}) {
      ASSERT_TRUE(std::isfinite(v)) << where << " h=" << h + 1;
    }
    EXPECT_LE(f.lo95[h], f.lo80[h]) << where;
    EXPECT_LE(f.lo80[h], f.mean[h]) << where;
    EXPECT_LE(f.mean[h], f.hi80[h]) << where;
    EXPECT_LE(f.hi80[h], f.hi95[h]) << where;
  }
  EXPECT_FALSE(f.method.empty()) << where;
}

TEST(Properties, EveryMethodHandlesAwkwardSeries) {
  for (const MethodInfo& m : Methods()) {
    for (const Named& s : AwkwardSeries()) {
      for (int horizon : {1, 8}) {
        const std::string where = std::string(m.name) + " on " + s.name;
        Result<Forecast> f = m.run(s.series, horizon, {});
        ASSERT_TRUE(f.ok()) << where << ": " << f.status().ToString();
        ExpectSane(*f, horizon, where);
        EXPECT_EQ(f->fitted.size(), s.series.values.size()) << where;
      }
    }
  }
}

TEST(Properties, NonNegativeHistoryGivesNonNegativeForecasts) {
  const Series s{{10, 8, 6, 4, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.01, 0}, 1};
  for (const MethodInfo& m : Methods()) {
    Result<Forecast> f = m.run(s, 12, {});
    ASSERT_TRUE(f.ok()) << m.name;
    for (double v : f->lo95) EXPECT_GE(v, 0) << m.name;
  }
}

TEST(Properties, Deterministic) {
  const Series s{Seasonal(60, 12, 500, 2, 40), 12};
  for (const MethodInfo& m : Methods()) {
    Result<Forecast> a = m.run(s, 12, {}), b = m.run(s, 12, {});
    ASSERT_TRUE(a.ok() && b.ok()) << m.name;
    EXPECT_EQ(a->mean, b->mean) << m.name;
    EXPECT_EQ(a->hi95, b->hi95) << m.name;
  }
}

TEST(Properties, BadInputIsAnError) {
  const double nan = std::nan("");
  const double inf = INFINITY;
  for (const MethodInfo& m : Methods()) {
    EXPECT_EQ(m.run({{}, 1}, 3, {}).status().code(), StatusCode::kInvalidArgument) << m.name;
    EXPECT_EQ(m.run({{1, nan, 3}, 1}, 3, {}).status().field(), "values") << m.name;
    EXPECT_EQ(m.run({{1, inf, 3}, 1}, 3, {}).status().field(), "values") << m.name;
    EXPECT_EQ(m.run({{1, 2, 3}, 1}, 0, {}).status().field(), "horizon") << m.name;
    EXPECT_EQ(m.run({{1, 2, 3}, 0}, 3, {}).status().field(), "period") << m.name;
  }
}

TEST(Registry, ListsTheRequiredMethods) {
  for (const char* name : {"naive", "snaive", "drift", "mean", "ma", "theta", "otheta",
                           "croston", "sba", "tsb", "lm", "comb", "auto"}) {
    const MethodInfo* m = FindMethod(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->name, name);
    EXPECT_FALSE(m->description.empty());
  }
  EXPECT_EQ(FindMethod("no such method"), nullptr);
}

TEST(Registry, NamesAreUnique) {
  const auto methods = Methods();
  for (std::size_t i = 0; i < methods.size(); ++i) {
    for (std::size_t j = i + 1; j < methods.size(); ++j) EXPECT_NE(methods[i].name, methods[j].name);
  }
}

}  // namespace
}  // namespace salesdesk::forecast
