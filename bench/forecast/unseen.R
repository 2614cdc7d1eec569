# A check on series the engine was never tuned on: monthly, quarterly and yearly series
# that ship with R (package datasets) and with the forecast package, written in the M3
# layout with the last h observations held out, together with R's own ets, auto.arima,
# thetaf and their mean in salesdesk's forecast layout, so `salesdesk forecast accuracy`
# scores every method with the same code. R is an outside reference only.
#   Rscript bench/forecast/unseen.R OUT_DIR
suppressMessages(library(forecast))
out <- commandArgs(trailingOnly = TRUE)[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
data(gas, wineind, woolyrnq, package = "forecast")
series <- list(
  AirPassengers = AirPassengers, co2 = co2, nottem = nottem, UKDriverDeaths = UKDriverDeaths,
  USAccDeaths = USAccDeaths, ldeaths = ldeaths, mdeaths = mdeaths, fdeaths = fdeaths,
  gas = gas, wineind = wineind, sunspot_month = window(sunspot.month, start = 1950),
  UKgas = UKgas, JohnsonJohnson = JohnsonJohnson, austres = austres, woolyrnq = woolyrnq,
  qgdp_uk = window(EuStockMarkets[, 1], frequency = 1),  # placeholder replaced below
  Nile = Nile, LakeHuron = LakeHuron, lynx = lynx, airmiles = airmiles, WWWusage = WWWusage)
series$qgdp_uk <- NULL
horizon <- function(y) c(`1` = 6, `4` = 8, `12` = 18)[as.character(frequency(y))]
meta <- data.frame(); train <- data.frame(); test <- data.frame()
fc <- list(ets = data.frame(), arima = data.frame(), theta = data.frame(), comb = data.frame())
rows <- function(id, f, h, method) {
  data.frame(id = id, h = 1:h, mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]),
             hi80 = as.numeric(f$upper[, 1]), lo95 = as.numeric(f$lower[, 2]),
             hi95 = as.numeric(f$upper[, 2]), method = method)
}
for (id in names(series)) {
  y <- series[[id]]
  if (frequency(y) > 12 || frequency(y) < 1) next
  h <- unname(horizon(y)); n <- length(y)
  tr <- ts(y[1:(n - h)], frequency = frequency(y))
  category <- c(`1` = "yearly", `4` = "quarterly", `12` = "monthly")[as.character(frequency(y))]
  meta <- rbind(meta, data.frame(id = id, category = category, type = "R", period = frequency(y),
                                 horizon = h, start = "1"))
  train <- rbind(train, data.frame(id = id, t = 1:(n - h), value = as.numeric(tr)))
  test <- rbind(test, data.frame(id = id, t = 1:h, value = as.numeric(y[(n - h + 1):n])))
  e <- forecast(ets(tr), h = h, level = c(80, 95))
  a <- forecast(auto.arima(tr), h = h, level = c(80, 95))
  th <- thetaf(tr, h = h, level = c(80, 95))
  fc$ets <- rbind(fc$ets, rows(id, e, h, "R ets"))
  fc$arima <- rbind(fc$arima, rows(id, a, h, "R auto.arima"))
  fc$theta <- rbind(fc$theta, rows(id, th, h, "R thetaf"))
  m <- rows(id, e, h, "R mean")
  for (k in c("mean", "lo80", "hi80", "lo95", "hi95")) {
    m[[k]] <- (rows(id, e, h, "")[[k]] + rows(id, a, h, "")[[k]] + rows(id, th, h, "")[[k]]) / 3
  }
  fc$comb <- rbind(fc$comb, m)
}
write.csv(meta, file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)
write.csv(train, file.path(out, "train.csv"), row.names = FALSE, quote = FALSE)
write.csv(test, file.path(out, "test.csv"), row.names = FALSE, quote = FALSE)
for (k in names(fc)) write.csv(fc[[k]], file.path(out, paste0("r_", k, ".csv")), row.names = FALSE, quote = FALSE)
cat(nrow(meta), "series written to", out, "\n")
