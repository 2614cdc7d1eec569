# Reference values for econometric_test.cc from base R's lm() (a peer used only to check
# our numbers; nothing of it is linked or copied). Run from the repository root:
#   Rscript src/forecast/testdata/make_econometric_refs.R
# Tested with R 4.2.2. VIF is computed as 1 / (1 - R^2_j) of each regressor on the others
# (what car::vif gives for one-degree-of-freedom terms). Writes
#   src/forecast/testdata/econ_series.csv    t,sales,income,price  (t 1..40 history;
#                                            41..44: sales NA, the assumed future indicators)
#   src/forecast/testdata/econ_coef.csv      term,estimate,std_error,t_value,p_value,vif
#   src/forecast/testdata/econ_diag.csv      measure,value   (r2, adj_r2, sigma, dw, lb, lb_p, lb_lag)
#   src/forecast/testdata/econ_forecast.csv  h,mean,lo80,hi80,lo95,hi95  (predict.lm intervals
#                                            with the future indicators taken as known)
# Model: sales ~ income + income lagged 1 + price (lag 0), fitted on periods 2..40.
out_dir <- "src/forecast/testdata"
set.seed(7031)
n <- 40
h <- 4
income <- round(100 + cumsum(rnorm(n + h, 1, 2)), 2)
price <- round(20 + cumsum(rnorm(n + h, 0, 0.5)), 2)
e <- as.numeric(arima.sim(list(ar = 0.3), n + h, sd = 4))
sales <- round(50 + 2 * income + 1.5 * c(NA, income[-(n + h)]) - 3 * price + e, 2)
sales[1] <- round(50 + 3.5 * income[1] - 3 * price[1] + e[1], 2)
sales[(n + 1):(n + h)] <- NA
write.csv(data.frame(t = 1:(n + h), sales = sales, income = income, price = price),
          file.path(out_dir, "econ_series.csv"), row.names = FALSE, quote = FALSE, na = "NA")

d <- data.frame(sales = sales, income = income, income_l1 = c(NA, income[-(n + h)]), price = price)
train <- d[2:n, ]
fit <- lm(sales ~ income + income_l1 + price, data = train)
s <- summary(fit)
X <- model.matrix(fit)[, -1]
vif <- sapply(colnames(X), function(j) 1 / (1 - summary(lm(X[, j] ~ X[, colnames(X) != j]))$r.squared))
co <- s$coefficients
write.csv(data.frame(term = c("(intercept)", "income", "income (lag 1)", "price"),
                     estimate = co[, 1], std_error = co[, 2], t_value = co[, 3], p_value = co[, 4],
                     vif = c(NA, vif)),
          file.path(out_dir, "econ_coef.csv"), row.names = FALSE, quote = FALSE, na = "NA")

r <- residuals(fit)
lb_lag <- min(10, floor(length(r) / 5))
lb <- Box.test(r, lag = lb_lag, type = "Ljung-Box")
dw <- sum(diff(r)^2) / sum(r^2)
write.csv(data.frame(measure = c("r2", "adj_r2", "sigma", "dw", "lb", "lb_p", "lb_lag"),
                     value = c(s$r.squared, s$adj.r.squared, s$sigma, dw, lb$statistic,
                               lb$p.value, lb_lag)),
          file.path(out_dir, "econ_diag.csv"), row.names = FALSE, quote = FALSE)

newdata <- d[(n + 1):(n + h), ]
p80 <- predict(fit, newdata, interval = "prediction", level = 0.80)
p95 <- predict(fit, newdata, interval = "prediction", level = 0.95)
write.csv(data.frame(h = 1:h, mean = p95[, "fit"], lo80 = p80[, "lwr"], hi80 = p80[, "upr"],
                     lo95 = p95[, "lwr"], hi95 = p95[, "upr"]),
          file.path(out_dir, "econ_forecast.csv"), row.names = FALSE, quote = FALSE)
