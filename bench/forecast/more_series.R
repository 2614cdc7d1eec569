# A third check on series the engine was never tuned on (after M3 and unseen.R): every
# yearly, quarterly and monthly series shipped with R's AER and tseries packages (Debian
# r-cran-aer, r-cran-tseries) and the datasets series that unseen.R does not use, one
# per column of a multivariate series. The selection rule is fixed in advance, before any
# forecast was looked at:
#   - frequency 1, 4 or 12; the longest stretch without NA (na.contiguous);
#   - every value positive (sMAPE and multiplicative models need it; this drops rates
#     of change, returns and counts with zeros);
#   - at most the last 500 observations;
#   - after holding out h = 6 / 8 / 18 (yearly / quarterly / monthly, as M3), at least
#     as many training observations as M3's shortest series of that frequency (14 / 16 / 48);
#   - a column identical to a series already taken or to one of unseen.R's (e.g.
#     Seatbelts' drivers = UKDriverDeaths) is skipped.
# Writes the M3 layout (series.csv, train.csv, test.csv) and R's ets, auto.arima, thetaf
# and their mean in salesdesk's forecast layout (r_ets.csv, ...), like unseen.R.
#   Rscript bench/forecast/more_series.R OUT_DIR [CORES]
suppressMessages({library(forecast); library(parallel)})
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]; cores <- if (length(args) > 1) as.integer(args[2]) else 2L
dir.create(out, showWarnings = FALSE, recursive = TRUE)
used <- c("AirPassengers", "co2", "nottem", "UKDriverDeaths", "USAccDeaths", "ldeaths",
          "mdeaths", "fdeaths", "sunspot.month", "UKgas", "JohnsonJohnson", "austres",
          "Nile", "LakeHuron", "lynx", "airmiles", "WWWusage")
candidates <- list()
for (p in c("AER", "tseries", "datasets")) {
  for (nm in sub(" .*", "", data(package = p)$results[, "Item"])) {
    if (p == "datasets" && nm %in% used) next
    e <- new.env()
    suppressWarnings(try(data(list = nm, package = p, envir = e), silent = TRUE))
    if (!exists(nm, envir = e, inherits = FALSE)) next
    o <- get(nm, envir = e)
    if (!is.ts(o) || !(frequency(o) %in% c(1, 4, 12))) next
    cols <- if (is.matrix(o)) colnames(o) else NA
    for (k in seq_along(cols)) {
      y <- if (is.matrix(o)) o[, k] else o
      id <- if (is.matrix(o)) paste0(nm, ".", cols[k]) else nm
      candidates[[id]] <- y
    }
  }
}
horizon <- c(`1` = 6, `4` = 8, `12` = 18)
min_train <- c(`1` = 14, `4` = 16, `12` = 48)
series <- list(); seen <- list()
fingerprint <- function(y) {
  paste(frequency(y), length(y), paste(signif(head(as.numeric(y), 8), 8), collapse = " "))
}
for (nm in used) seen[[fingerprint(get(nm, envir = as.environment("package:datasets")))]] <- nm
for (id in names(candidates)) {
  y <- candidates[[id]]
  y <- tryCatch(na.contiguous(y), error = function(e) NULL)
  if (is.null(y) || any(y <= 0)) next
  f <- as.character(frequency(y))
  if (length(y) > 500) y <- ts(tail(as.numeric(y), 500), frequency = frequency(y))
  if (length(y) - horizon[f] < min_train[f]) next
  key <- fingerprint(y)
  if (!is.null(seen[[key]])) next
  seen[[key]] <- id
  series[[id]] <- y
}
rows <- function(id, f, h, method) {
  data.frame(id = id, h = 1:h, mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]),
             hi80 = as.numeric(f$upper[, 1]), lo95 = as.numeric(f$lower[, 2]),
             hi95 = as.numeric(f$upper[, 2]), method = method)
}
one <- function(id) {
  y <- series[[id]]
  f <- as.character(frequency(y)); h <- unname(horizon[f]); n <- length(y)
  tr <- ts(as.numeric(y)[1:(n - h)], frequency = frequency(y))
  category <- c(`1` = "yearly", `4` = "quarterly", `12` = "monthly")[f]
  e <- forecast(ets(tr), h = h, level = c(80, 95))
  a <- forecast(auto.arima(tr), h = h, level = c(80, 95))
  th <- thetaf(tr, h = h, level = c(80, 95))
  m <- rows(id, e, h, "R mean")
  for (k in c("mean", "lo80", "hi80", "lo95", "hi95")) {
    m[[k]] <- (rows(id, e, h, "")[[k]] + rows(id, a, h, "")[[k]] + rows(id, th, h, "")[[k]]) / 3
  }
  list(meta = data.frame(id = id, category = category, type = "R", period = frequency(y),
                         horizon = h, start = "1"),
       train = data.frame(id = id, t = 1:(n - h), value = as.numeric(tr)),
       test = data.frame(id = id, t = 1:h, value = as.numeric(y)[(n - h + 1):n]),
       ets = rows(id, e, h, "R ets"), arima = rows(id, a, h, "R auto.arima"),
       theta = rows(id, th, h, "R thetaf"), comb = m)
}
res <- mclapply(names(series), one, mc.cores = cores)
bind <- function(k) do.call(rbind, lapply(res, `[[`, k))
write.csv(bind("meta"), file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)
write.csv(bind("train"), file.path(out, "train.csv"), row.names = FALSE, quote = FALSE)
write.csv(bind("test"), file.path(out, "test.csv"), row.names = FALSE, quote = FALSE)
for (k in c("ets", "arima", "theta", "comb")) {
  write.csv(bind(k), file.path(out, paste0("r_", k, ".csv")), row.names = FALSE, quote = FALSE)
}
cat(length(res), "series written to", out, "\n")
print(table(bind("meta")$category))
