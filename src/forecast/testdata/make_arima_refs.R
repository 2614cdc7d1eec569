# Reference values for src/forecast/arima_test.cc and unit_root_test.cc, computed with
# R's forecast package (Hyndman & Khandakar 2008; Debian r-cran-forecast 8.20, R 4.2.2)
# and urca. R is a reference only: nothing here is linked into salesdesk or copied into it.
#
# Run from the project root:
#   Rscript src/forecast/testdata/make_arima_refs.R [path/to/m3]
# (default m3 path: ../shared/data/m3). Writes src/forecast/testdata/arima_*.csv.
#
# Series: R's datasets AirPassengers (Box & Jenkins 1976; used in logs), USAccDeaths
# (Brockwell & Davis 1991), WWWusage (Durbin & Koopman 2001) and nottem (Anderson 1976;
# 240 months, long enough for auto.arima's CSS approximation), and training series of
# the M3 competition (Makridakis & Hibon 2000, International Journal of Forecasting 16(4)
# 451-476; values as distributed in the Mcomp R package, see ../shared/data/m3/README.md).
# Their values go to arima_series.csv so that the tests need nothing outside the project.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
m3dir <- if (length(args) >= 1) args[1] else "../shared/data/m3"
out <- "src/forecast/testdata"

m3train <- read.csv(file.path(m3dir, "train.csv"))
m3info <- read.csv(file.path(m3dir, "series.csv"))
m3 <- function(id) {
  p <- m3info$period[m3info$id == id]
  ts(m3train$value[m3train$id == id], frequency = p)
}
auto_ids <- sprintf("N%04d", seq(7, 3003, by = 100))
series <- list(AirPassengersLog = log(AirPassengers), USAccDeaths = USAccDeaths,
               WWWusage = WWWusage, nottem = nottem, N0010 = m3("N0010"), N0500 = m3("N0500"),
               N0700 = m3("N0700"), N1234 = m3("N1234"), N1500 = m3("N1500"),
               N2000 = m3("N2000"), N2500 = m3("N2500"), N3000 = m3("N3000"))
for (id in auto_ids) series[[id]] <- m3(id)

fmt <- function(x) trimws(formatC(as.numeric(x), digits = 15, format = "g"))

# arima_series.csv: name, period, t, value
rows <- do.call(rbind, lapply(names(series), function(n) {
  x <- series[[n]]
  data.frame(name = n, period = frequency(x), t = seq_along(x), value = fmt(as.numeric(x)))
}))
write.csv(rows, file.path(out, "arima_series.csv"), row.names = FALSE, quote = FALSE)

# arima_fixed.csv: fixed-order fits (CSS-ML, R's default) and arima_fixed_forecast.csv.
fixed <- list(
  list("AirPassengersLog", c(0, 1, 1), c(0, 1, 1), FALSE),
  list("AirPassengersLog", c(2, 1, 1), c(0, 1, 0), FALSE),
  list("USAccDeaths", c(0, 1, 1), c(0, 1, 1), FALSE),
  list("USAccDeaths", c(1, 0, 1), c(1, 0, 1), TRUE),
  list("WWWusage", c(3, 1, 0), c(0, 0, 0), FALSE),
  list("WWWusage", c(1, 1, 1), c(0, 0, 0), TRUE),
  list("WWWusage", c(2, 0, 1), c(0, 0, 0), TRUE),
  list("N0010", c(1, 1, 0), c(0, 0, 0), TRUE),
  list("N0700", c(1, 1, 0), c(0, 0, 1), TRUE),
  list("N1234", c(0, 1, 1), c(1, 0, 0), TRUE),
  list("N1500", c(0, 0, 1), c(1, 1, 1), TRUE),
  list("N2000", c(2, 1, 0), c(1, 1, 0), FALSE),
  list("N2500", c(0, 1, 2), c(0, 1, 1), FALSE),
  list("N3000", c(1, 1, 1), c(0, 0, 0), TRUE))
h <- 12
fit_rows <- list()
fc_rows <- list()
for (i in seq_along(fixed)) {
  f <- fixed[[i]]
  x <- series[[f[[1]]]]
  fit <- tryCatch(Arima(x, order = f[[2]], seasonal = f[[3]], include.constant = f[[4]]),
                  error = function(e) stop(f[[1]], ": ", conditionMessage(e)))
  cf <- coef(fit)
  get <- function(prefix, n) if (n == 0) "" else paste(fmt(cf[paste0(prefix, seq_len(n))]), collapse = " ")
  const <- if ("drift" %in% names(cf)) cf["drift"] else if ("intercept" %in% names(cf)) cf["intercept"] else 0
  fit_rows[[i]] <- data.frame(
    case = i, name = f[[1]], p = f[[2]][1], d = f[[2]][2], q = f[[2]][3],
    P = f[[3]][1], D = f[[3]][2], Q = f[[3]][3], period = frequency(x),
    constant = as.integer(f[[4]]), ar = get("ar", f[[2]][1]), ma = get("ma", f[[2]][3]),
    sar = get("sar", f[[3]][1]), sma = get("sma", f[[3]][3]), const = fmt(const),
    loglik = fmt(fit$loglik), sigma2 = fmt(fit$sigma2), aicc = fmt(fit$aicc))
  fc <- forecast(fit, h = h, level = c(80, 95))
  fc_rows[[i]] <- data.frame(case = i, h = seq_len(h), mean = fmt(fc$mean),
                             lo80 = fmt(fc$lower[, 1]), hi80 = fmt(fc$upper[, 1]),
                             lo95 = fmt(fc$lower[, 2]), hi95 = fmt(fc$upper[, 2]),
                             fitted_last = fmt(tail(fitted(fit), 1)))
}
write.csv(do.call(rbind, fit_rows), file.path(out, "arima_fixed.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, fc_rows), file.path(out, "arima_fixed_forecast.csv"), row.names = FALSE, quote = FALSE)

# arima_unit_root.csv: KPSS statistic (level, lag trunc(3 sqrt(n) / 13) as ndiffs uses),
# ndiffs, seasonal strength (the "seas" heuristic on mstl) and nsdiffs.
ur_rows <- lapply(names(series), function(n) {
  x <- series[[n]]
  m <- frequency(x)
  k <- urca::ur.kpss(as.numeric(x), type = "mu", use.lag = trunc(3 * sqrt(length(x)) / 13))
  seasonal <- m > 1 && length(x) > 2 * m
  data.frame(name = n, kpss = fmt(k@teststat), ndiffs = ndiffs(x),
             strength = if (seasonal) fmt(forecast:::seas.heuristic(x)) else "NA",
             nsdiffs = if (seasonal) nsdiffs(x) else 0)
})
write.csv(do.call(rbind, ur_rows), file.path(out, "arima_unit_root.csv"), row.names = FALSE, quote = FALSE)

# arima_auto.csv: auto.arima's choice (defaults: stepwise, AICc, KPSS, seas).
auto_rows <- lapply(c("AirPassengersLog", "USAccDeaths", "WWWusage", "nottem", auto_ids), function(n) {
  fit <- auto.arima(series[[n]])
  o <- arimaorder(fit)
  if (length(o) == 3) o <- c(o, 0, 0, 0, frequency(series[[n]]))
  data.frame(name = n, p = o[1], d = o[2], q = o[3], P = o[4], D = o[5], Q = o[6],
             constant = as.integer(any(c("drift", "intercept") %in% names(coef(fit)))),
             aicc = fmt(fit$aicc))
})
write.csv(do.call(rbind, auto_rows), file.path(out, "arima_auto.csv"), row.names = FALSE, quote = FALSE)
