#include "forecast/method.h"

#include <cmath>
#include <string>

namespace salesdesk::forecast {

Status CheckInput(const Series& series, int horizon) {
  if (series.values.empty()) return Status::Invalid("the series has no observations", "values");
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    if (!std::isfinite(series.values[i])) {
      return Status::Invalid("observation " + std::to_string(i + 1) + " is not a finite number",
                             "values");
    }
  }
  if (horizon < 1) return Status::Invalid("the horizon must be at least 1", "horizon");
  if (series.period < 1) return Status::Invalid("the seasonal period must be at least 1", "period");
  return Status::Ok();
}

}  // namespace salesdesk::forecast
