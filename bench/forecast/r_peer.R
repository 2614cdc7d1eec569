# The peer side of the M3 benchmark: R's forecast package (GPL; used only as an
# outside reference, never linked or copied) on the same files and the same number of
# cores, printing the same table as m3_bench.
#   Rscript bench/forecast/r_peer.R [--cores N] [--methods ets,arima,theta,snaive,comb]
#                                   [--limit K] [--data DIR]
# --limit K keeps every K-th series, as m3_bench does. mclapply's default prescheduling
# forks once per core, so process start-up does not swamp the cheap methods. "comb" is the mean of ets,
# auto.arima and thetaf (point forecasts and each bound), computed from their runs.
suppressMessages(library(forecast))
suppressMessages(library(parallel))

args <- commandArgs(trailingOnly = TRUE)
opt <- list(cores = detectCores(), methods = "ets,arima,theta,comb", limit = 1,
            data = "bench/data/m3")
for (i in seq(1, length(args), by = 2)) opt[[sub("^--", "", args[i])]] <- args[i + 1]
cores <- as.integer(opt$cores)
limit <- as.integer(opt$limit)
methods <- strsplit(opt$methods, ",")[[1]]

meta <- read.csv(file.path(opt$data, "series.csv"), stringsAsFactors = FALSE)
meta <- meta[seq(1, nrow(meta), by = limit), ]
train <- read.csv(file.path(opt$data, "train.csv"), stringsAsFactors = FALSE)
test <- read.csv(file.path(opt$data, "test.csv"), stringsAsFactors = FALSE)
train <- split(train, train$id)
test <- split(test, test$id)
series <- lapply(seq_len(nrow(meta)), function(i) {
  id <- meta$id[i]
  tr <- train[[id]]
  te <- test[[id]]
  list(id = id, category = meta$category[i], h = meta$horizon[i],
       y = ts(tr$value[order(tr$t)], frequency = meta$period[i]),
       test = te$value[order(te$t)])
})

runners <- list(
  ets = function(y, h) forecast(ets(y), h = h, level = c(80, 95)),
  arima = function(y, h) forecast(auto.arima(y), h = h, level = c(80, 95)),
  theta = function(y, h) thetaf(y, h = h, level = c(80, 95)),
  snaive = function(y, h) snaive(y, h = h, level = c(80, 95)),
  naive2 = function(y, h) {
    # Naive on the seasonally adjusted series (M4), adjustment as in thetaf.
    m <- frequency(y); n <- length(y); seasonal <- FALSE
    if (m > 1 && n >= 3 * m) {
      r <- as.numeric(acf(y, lag.max = m, plot = FALSE)$acf)[-1]
      seasonal <- abs(r[m]) > qnorm(0.95) * sqrt((1 + 2 * sum(r[-m]^2)) / n)
    }
    if (!seasonal) return(naive(y, h = h, level = c(80, 95)))
    d <- decompose(y, type = "multiplicative")
    f <- naive(seasadj(d), h = h, level = c(80, 95))
    s <- rep(tail(d$seasonal, m), trunc(1 + h / m))[1:h]
    f$mean <- f$mean * s; f$lower <- f$lower * s; f$upper <- f$upper * s
    f
  })

as_matrix <- function(fc) {
  cbind(mean = as.numeric(fc$mean), lo80 = as.numeric(fc$lower[, 1]),
        hi80 = as.numeric(fc$upper[, 1]), lo95 = as.numeric(fc$lower[, 2]),
        hi95 = as.numeric(fc$upper[, 2]))
}

scores <- function(s, f) {
  y <- s$test; x <- as.numeric(s$y); m <- frequency(s$y); n <- length(x)
  lag <- if (n > m) m else 1
  scale <- mean(abs(x[(lag + 1):n] - x[1:(n - lag)]))
  lo <- f[, "lo95"]; hi <- f[, "hi95"]
  c(smape = mean(200 * abs(y - f[, "mean"]) / (abs(y) + abs(f[, "mean"]))),
    mase = mean(abs(y - f[, "mean"])) / scale,
    msis = mean((hi - lo) + 40 * (lo - y) * (y < lo) + 40 * (y - hi) * (y > hi)) / scale,
    cov80 = mean(y >= f[, "lo80"] & y <= f[, "hi80"]),
    cov95 = mean(y >= lo & y <= hi))
}

report <- function(name, forecasts, wall, cpu) {
  cat(sprintf("%s  (wall %.2f s, cpu %.2f s, %d cores)\n", name, wall, cpu, cores))
  sc <- t(mapply(function(s, f) scores(s, f), series, forecasts))
  cat_of <- sapply(series, `[[`, "category"); h <- sapply(series, `[[`, "h")
  cat(sprintf("  %-10s %5s  %7s  %7s  %6s  %6s  %7s  %6s  %6s\n", "category", "n", "sMAPE/s",
              "sMAPE/p", "MASE/s", "MASE/p", "MSIS/s", "cov80", "cov95"))
  row <- function(label, k) {
    w <- h[k]; s <- sc[k, , drop = FALSE]
    cat(sprintf("  %-10s %5d  %7.2f  %7.2f  %6.3f  %6.3f  %7.2f  %5.1f%%  %5.1f%%\n", label,
                length(k), mean(s[, "smape"]), sum(s[, "smape"] * w) / sum(w), mean(s[, "mase"]),
                sum(s[, "mase"] * w) / sum(w), mean(s[, "msis"]),
                100 * sum(s[, "cov80"] * w) / sum(w), 100 * sum(s[, "cov95"] * w) / sum(w)))
  }
  for (cat_name in sort(unique(cat_of))) row(cat_name, which(cat_of == cat_name))
  row("all", seq_along(series))
}

done <- list()
for (name in methods) {
  if (name == "comb") {
    parts <- done[c("ets", "arima", "theta")]
    if (any(sapply(parts, is.null))) { cat("comb needs ets, arima and theta first\n"); next }
    forecasts <- lapply(seq_along(series), function(i) (parts$ets$f[[i]] + parts$arima$f[[i]] +
                                                         parts$theta$f[[i]]) / 3)
    report("comb (mean of ets, arima, theta)", forecasts,
           sum(sapply(parts, `[[`, "wall")), sum(sapply(parts, `[[`, "cpu")))
    next
  }
  runner <- runners[[name]]
  t0 <- proc.time()
  forecasts <- mclapply(series, function(s) as_matrix(runner(s$y, s$h)), mc.cores = cores)
  t1 <- proc.time() - t0
  wall <- t1[["elapsed"]]
  cpu <- t1[["user.self"]] + t1[["sys.self"]] + t1[["user.child"]] + t1[["sys.child"]]
  done[[name]] <- list(f = forecasts, wall = wall, cpu = cpu)
  report(name, forecasts, wall, cpu)
}
