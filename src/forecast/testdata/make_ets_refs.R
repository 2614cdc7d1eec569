# Reference values for src/forecast/ets_test.cc, computed with R's forecast package
# (Hyndman & Khandakar 2008; Debian r-cran-forecast 8.20, R 4.2.2). R is a reference
# only: nothing here is linked into salesdesk or copied into it.
#
# Run from the project root:
#   Rscript src/forecast/testdata/make_ets_refs.R [path/to/m3]
# (default m3 path: ../shared/data/m3). Writes src/forecast/testdata/ets_*.csv.
#
# Series: R's datasets AirPassengers (Box & Jenkins 1976) and USAccDeaths (Brockwell &
# Davis 1991), and a few training series of the M3 competition (Makridakis & Hibon 2000,
# International Journal of Forecasting 16(4) 451-476; values as distributed in the Mcomp
# R package, see ../shared/data/m3/README.md). Their values are written to
# ets_series.csv so that the test needs nothing outside the project.
suppressMessages(library(forecast))
set.seed(20021)  # ETS(M,M,N) and ETS(M,Md,N) intervals are simulated by R
args <- commandArgs(trailingOnly = TRUE)
m3dir <- if (length(args) >= 1) args[1] else "../shared/data/m3"
out <- "src/forecast/testdata"

m3train <- read.csv(file.path(m3dir, "train.csv"))
m3info <- read.csv(file.path(m3dir, "series.csv"))
m3 <- function(id) {
  p <- m3info$period[m3info$id == id]
  ts(m3train$value[m3train$id == id], frequency = p)
}
series <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths,
               N0010 = m3("N0010"), N0500 = m3("N0500"), N0700 = m3("N0700"),
               N1234 = m3("N1234"), N1500 = m3("N1500"), N2000 = m3("N2000"),
               N2500 = m3("N2500"), N3000 = m3("N3000"))

fmt <- function(x) trimws(formatC(x, digits = 15, format = "g"))
rows <- list()
for (name in names(series)) {
  y <- series[[name]]
  rows[[name]] <- data.frame(name = name, period = frequency(y), t = seq_along(y),
                             value = fmt(as.numeric(y)))
}
write.csv(do.call(rbind, rows), file.path(out, "ets_series.csv"), row.names = FALSE,
          quote = FALSE)

nonseasonal <- c("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN", "MMN", "MMdN")
seasonal <- c("ANA", "AAA", "AAdA", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM")
param <- function(fit, p) if (p %in% names(fit$par)) fit$par[[p]] else NA_real_

fixed <- list(); fixed_fc <- list(); auto <- list(); auto_fc <- list()
add_forecast <- function(fc, name, model) {
  data.frame(name = name, model = model, h = seq_along(fc$mean),
             mean = fmt(as.numeric(fc$mean)),
             lo80 = fmt(as.numeric(fc$lower[, 1])), hi80 = fmt(as.numeric(fc$upper[, 1])),
             lo95 = fmt(as.numeric(fc$lower[, 2])), hi95 = fmt(as.numeric(fc$upper[, 2])))
}
for (name in names(series)) {
  y <- series[[name]]
  m <- frequency(y)
  h <- if (m > 1) 2 * m else 8
  models <- if (m > 1) c(nonseasonal, seasonal) else nonseasonal
  for (code in models) {
    damped <- grepl("d", code)
    spec <- gsub("d", "", code)
    fit <- tryCatch(ets(y, model = spec, damped = damped, allow.multiplicative.trend = TRUE),
                    error = function(e) NULL)
    if (is.null(fit)) next
    x0 <- as.numeric(fit$states[1, ])
    fixed[[paste(name, code)]] <- data.frame(
      name = name, model = code, loglik = fmt(fit$loglik), aicc = fmt(fit$aicc),
      sigma2 = fmt(fit$sigma2), alpha = fmt(param(fit, "alpha")),
      beta = fmt(param(fit, "beta")), gamma = fmt(param(fit, "gamma")),
      phi = fmt(param(fit, "phi")), initial = paste(fmt(x0), collapse = " "))
    fixed_fc[[paste(name, code)]] <- add_forecast(forecast(fit, h = h, level = c(80, 95)),
                                                  name, code)
  }
  fit <- ets(y)
  code <- paste0(fit$components[1], fit$components[2],
                 ifelse(fit$components[4] == "TRUE", "d", ""), fit$components[3])
  auto[[name]] <- data.frame(name = name, model = code, aicc = fmt(fit$aicc))
  auto_fc[[name]] <- add_forecast(forecast(fit, h = h, level = c(80, 95)), name, code)
}
write.csv(do.call(rbind, fixed), file.path(out, "ets_fixed.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(do.call(rbind, fixed_fc), file.path(out, "ets_fixed_forecast.csv"),
          row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, auto), file.path(out, "ets_auto.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(do.call(rbind, auto_fc), file.path(out, "ets_auto_forecast.csv"),
          row.names = FALSE, quote = FALSE)
