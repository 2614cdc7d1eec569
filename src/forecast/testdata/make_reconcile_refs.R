# Reference values for reconcile_test.cc, computed with base R matrix algebra only (no
# package; R's hts is not needed). A peer used only to check our numbers. Run from the
# repository root:
#   Rscript src/forecast/testdata/make_reconcile_refs.R
# Tested with R 4.2.2. Writes
#   src/forecast/testdata/reconcile_input.csv  node,parent,kind,k,value
#       kind "base" (k = step 1..2) or "residual" (k = period 1..12)
#   src/forecast/testdata/reconcile_ref.csv    method,node,h,value  (+ method "lambda")
# MinT shrink follows Wickramasuriya, Athanasopoulos & Hyndman (2019) with the
# Schafer-Strimmer intensity exactly as hts:::shrink.estim computes it (uncentred
# residual cross-products divided by T, target = their diagonal). The reconciled values
# are computed through the "projection" form of the paper,
#   y~ = y^ - W C' (C W C')^-1 C y^   with C = [I | -S_upper] the constraint matrix,
# a different formula from the S (S'W^-1 S)^-1 S'W^-1 y^ the C++ code uses.
out_dir <- "src/forecast/testdata"
set.seed(20240611)

nodes <- data.frame(node = c("org", "north", "south", "r1", "r2", "r3", "r4", "r5"),
                    parent = c("", "org", "org", "north", "north", "south", "south", "south"),
                    stringsAsFactors = FALSE)
n <- nrow(nodes)
leaves <- 4:8
S <- rbind(c(1, 1, 1, 1, 1), c(1, 1, 0, 0, 0), c(0, 0, 1, 1, 1), diag(5))

# Base forecasts: incoherent on purpose (two steps).
leaf_base <- cbind(c(120, 95, 60, 80, 140), c(125, 90, 64, 83, 150))
base <- S %*% leaf_base + rbind(c(30, -25), c(-8, 6), c(12, -10), matrix(0, 5, 2))
base <- round(base + matrix(rnorm(n * 2, 0, 3), n, 2), 2)

# Residuals: correlated leaves (a common shock) and upper levels with their own noise.
T <- 12
common <- rnorm(T, 0, 4)
leaf_res <- sapply(1:5, function(k) round(common + rnorm(T, 0, 3 + k), 2))
res <- t(S %*% t(leaf_res))
res <- round(res + matrix(rnorm(T * n, 0, 2), T, n) * c(rep(1, T * 3), rep(0, T * 5)), 2)

shrink_cov <- function(x) {
  T <- nrow(x)
  covm <- crossprod(x) / T
  corm <- cov2cor(covm)
  xs <- scale(x, center = FALSE, scale = sqrt(diag(covm)))
  v <- (1 / (T * (T - 1))) * (crossprod(xs^2) - 1 / T * (crossprod(xs))^2)
  diag(v) <- 0
  d <- (corm - diag(nrow(covm)))^2
  lambda <- max(min(sum(v) / sum(d), 1), 0)
  list(W = lambda * diag(diag(covm)) + (1 - lambda) * covm, lambda = lambda)
}

C <- cbind(diag(3), -S[1:3, ])  # upper rows minus the sums of their leaves
project <- function(W, y) y - W %*% t(C) %*% solve(C %*% W %*% t(C), C %*% y)

sh <- shrink_cov(res)
results <- list(
  bottom_up = S %*% base[leaves, ],
  ols = project(diag(n), base),
  wls = project(diag(rowSums(S)), base),
  mint_shrink = project(sh$W, base)
)

rows <- list()
for (m in names(results)) {
  r <- results[[m]]
  rows[[m]] <- data.frame(method = m, node = rep(nodes$node, 2), h = rep(1:2, each = n),
                          value = as.vector(r))
}
rows$lambda <- data.frame(method = "lambda", node = "", h = 0, value = sh$lambda)
write.csv(do.call(rbind, rows), file.path(out_dir, "reconcile_ref.csv"), row.names = FALSE,
          quote = FALSE)

inp <- rbind(
  data.frame(node = rep(nodes$node, 2), parent = rep(nodes$parent, 2), kind = "base",
             k = rep(1:2, each = n), value = as.vector(base)),
  data.frame(node = rep(nodes$node, each = T), parent = rep(nodes$parent, each = T),
             kind = "residual", k = rep(1:T, n), value = as.vector(res)))
write.csv(inp, file.path(out_dir, "reconcile_input.csv"), row.names = FALSE, quote = FALSE)
