// The statistical forecasting engine's one interface: a method takes a series and a
// horizon and returns point forecasts with 80% and 95% prediction intervals. Pure
// computation: no I/O, no global state, deterministic, safe to call from many threads
// at once. Methods are registered by name in registry.cc.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace salesdesk::forecast {

// Equally spaced observations, oldest first. `period` is the seasonal period m (12 for
// monthly, 4 for quarterly, 1 for none). Values must be finite.
struct Series {
  std::vector<double> values;
  int period = 1;
};

// A forecast for steps 1..h after the last observation.
struct Forecast {
  std::vector<double> mean;
  std::vector<double> lo80, hi80, lo95, hi95;
  std::string method;          // what was fitted, e.g. "ETS(M,Ad,M)" or "ARIMA(0,1,1)(0,1,1)[12]"
  std::vector<double> fitted;  // one-step in-sample fits, same length as the series (NaN if none)
  double aicc = 0;             // when the method has a likelihood; NaN otherwise
  std::string note;            // a fallback taken and why ("too short for seasonality: ...")
};

struct MethodOptions {
  std::uint64_t seed = 42;     // for simulated intervals
  bool detect_seasonality = true;  // false: trust Series::period as is
};

// Fits `series` and forecasts `horizon` (>= 1) steps. kInvalidArgument for unusable input
// (empty series, non-finite values, horizon < 1); a series too short for the method
// falls back to a simpler one and says so in Forecast::note.
using MethodFn = Result<Forecast> (*)(const Series& series, int horizon, const MethodOptions& options);

struct MethodInfo {
  std::string_view name;         // "ets", "arima", "theta", ... (the CLI's --method)
  MethodFn run;
  std::string_view description;  // one line, English
};

// Every registered method, in a fixed order.
std::span<const MethodInfo> Methods();
// The method called `name`, or nullptr.
const MethodInfo* FindMethod(std::string_view name);

// Checks the shared preconditions (non-empty, finite, horizon >= 1, period >= 1).
Status CheckInput(const Series& series, int horizon);

}  // namespace salesdesk::forecast
