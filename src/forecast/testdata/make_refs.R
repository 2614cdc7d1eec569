# Reference forecasts from R's forecast package (a peer used only to check our numbers;
# nothing of it is linked or copied). Run from the repository root:
#   Rscript src/forecast/testdata/make_refs.R
# Tested with R 4.2.2 and forecast 8.20 (Debian r-cran-forecast). Writes
#   src/forecast/testdata/ref_series.csv     series,period,t,value  (the inputs)
#   src/forecast/testdata/ref_forecasts.csv  series,method,h,mean,lo80,hi80,lo95,hi95
suppressMessages(library(forecast))
out_dir <- "src/forecast/testdata"
m3_dir <- "bench/data/m3"

m3_meta <- read.csv(file.path(m3_dir, "series.csv"), stringsAsFactors = FALSE)
m3_train <- read.csv(file.path(m3_dir, "train.csv"), stringsAsFactors = FALSE)
m3_series <- function(id) {
  meta <- m3_meta[m3_meta$id == id, ]
  rows <- m3_train[m3_train$id == id, ]
  list(y = ts(rows$value[order(rows$t)], frequency = meta$period), h = meta$horizon)
}

# A fixed intermittent demand series (invented for the test).
intermittent <- ts(c(0, 0, 3, 0, 1, 0, 0, 0, 2, 5, 0, 0, 1, 0, 0, 4, 0, 2, 0, 0, 0, 3, 0, 1))

inputs <- list(
  AirPassengers = list(y = AirPassengers, h = 24),
  USAccDeaths = list(y = USAccDeaths, h = 12),
  Nile = list(y = Nile, h = 10),
  N0001 = m3_series("N0001"),
  N0700 = m3_series("N0700"),
  N1500 = m3_series("N1500"),
  N2900 = m3_series("N2900"),
  Intermittent = list(y = intermittent, h = 6)
)

rows <- list()
add <- function(name, method, fc) {
  h <- length(fc$mean)
  lo <- if (is.null(fc$lower)) matrix(NA, h, 2) else matrix(fc$lower, nrow = h)
  hi <- if (is.null(fc$upper)) matrix(NA, h, 2) else matrix(fc$upper, nrow = h)
  rows[[length(rows) + 1]] <<- data.frame(series = name, method = method, h = seq_len(h),
    mean = as.numeric(fc$mean), lo80 = lo[, 1], hi80 = hi[, 1], lo95 = lo[, 2], hi95 = hi[, 2])
}

series_rows <- list()
for (name in names(inputs)) {
  y <- inputs[[name]]$y
  h <- inputs[[name]]$h
  series_rows[[name]] <- data.frame(series = name, period = frequency(y),
                                    t = seq_along(y), value = as.numeric(y))
  if (name == "Intermittent") {
    add(name, "croston", croston(y, h = h))
    next
  }
  add(name, "naive", naive(y, h = h))
  add(name, "snaive", snaive(y, h = h))
  add(name, "drift", rwf(y, h = h, drift = TRUE))
  add(name, "mean", meanf(y, h = h))
  add(name, "ses", ses(y, h = h))
  add(name, "theta", thetaf(y, h = h))
  if (frequency(y) > 1) {
    add(name, "lm", forecast(tslm(y ~ trend + season), h = h))
  } else {
    add(name, "lm", forecast(tslm(y ~ trend), h = h))
  }
}

fmt <- function(df) {
  for (col in names(df)) if (is.double(df[[col]])) df[[col]] <- ifelse(is.na(df[[col]]), "NA", sprintf("%.15g", df[[col]]))
  df
}
write.csv(fmt(do.call(rbind, series_rows)), file.path(out_dir, "ref_series.csv"),
          row.names = FALSE, quote = FALSE)
write.csv(fmt(do.call(rbind, rows)), file.path(out_dir, "ref_forecasts.csv"),
          row.names = FALSE, quote = FALSE, na = "NA")
