#!/usr/bin/env python3
"""Column generation for the balanced p-median, with a price-and-branch and a dive.

A probe for docs/benchmarks.md, not part of the product (run from outside, never
linked): it asks whether the us_sample1000 k = 50 goal at ±2% is within reach of any
contiguous plan. The master is the set-partitioning LP (every account in exactly one
territory, k territories; a territory costs Σ hours × km to its workload-weighted
medoid); pricing is, for every account as centre, a knapsack over its `--near` nearest
accounts on a `--q` hour grid with the reduced costs, keeping the best in-band and
Delaunay-contiguous subset among the 12 cheapest load states, or else the first one's
piece around the centre regrown along the Delaunay graph by reduced cost (a heuristic:
neither the LP value nor its Lagrangian estimate is a proven bound). Duals are smoothed (Wentges
1997). After the root, HiGHS solves the integer master over every column found; then a
dive fixes the columns at ≥ 0.99 (else the `--dive-fix` largest), re-prices what is left
for up to `--dive-rounds` rounds and repeats.

Needs scipy ≥ 1.9 (HiGHS) and numpy. Debian's python3-scipy cannot be installed beside
the project's libboost1.81-dev (python3-pythran pulls libboost1.74-dev), so unpack it:
  apt-get download python3-scipy python3-numpy python3-decorator liblbfgsb0 libgfortran5 \
      liblapack3 libblas3 && for d in *.deb; do dpkg -x "$d" /tmp/pyroot; done
  PYTHONPATH=/tmp/pyroot/usr/lib/python3/dist-packages \
  LD_LIBRARY_PATH=/tmp/pyroot/usr/lib/x86_64-linux-gnu:/tmp/pyroot/usr/lib/x86_64-linux-gnu/lapack:/tmp/pyroot/usr/lib/x86_64-linux-gnu/blas \
  python3 bench/territory/column_generation.py bench/data/territory/us_sample1000.csv \
      --k 50 --tau 0.02 --plans plan_seed*.csv --out dive.csv
`--plans` are starting columns (plans of the same instance, e.g. territory_bench with
--seed 1..40); the contiguity test uses the reference evaluator's Delaunay graph
(`--evaluator`, default ../shared/tools/territory_evaluate.py).
"""
import sys, os, time, argparse
import numpy as np
from scipy.optimize import linprog, milp, LinearConstraint, Bounds
from scipy.sparse import vstack, hstack, csr_matrix
ap = argparse.ArgumentParser()
ap.add_argument('instance'); ap.add_argument('--k', type=int); ap.add_argument('--tau', type=float, default=0.02)
ap.add_argument('--plans', nargs='*', default=[]); ap.add_argument('--near', type=int, default=60)
ap.add_argument('--q', type=float, default=0.1); ap.add_argument('--rounds', type=int, default=200)
ap.add_argument('--per-round', type=int, default=400); ap.add_argument('--mip-secs', type=float, default=200)
ap.add_argument('--out', default='dive.csv')
ap.add_argument('--cache', help='root columns: written after the root, read instead of it when present')
ap.add_argument('--variants', type=int, default=0, help='add one-account neighbours of the LP columns before the integer master')
ap.add_argument('--dive-rounds', type=int, default=10); ap.add_argument('--dive-fix', type=int, default=3)
ap.add_argument('--evaluator', default='../shared/tools/territory_evaluate.py'); ap.add_argument('--contiguous', type=int, default=1)
a = ap.parse_args()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_common import Probe  # noqa: E402
P = Probe(a.instance, a.k, a.tau, a.evaluator)
ids, n, w, D, C = P.ids, P.n, P.w, P.D, P.C
connected = P.connected
cols, costs, seen = [], [], set()
covered = np.zeros(n, dtype=bool)
fixed = []
def add(m):
    key = tuple(sorted(set(int(x) for x in m)))
    if key in seen: return False
    seen.add(key)
    if a.contiguous and not connected(list(key)): return False
    arr = np.array(key)
    cols.append(arr); costs.append(P.cost(key)); return True
for p in a.plans:
    for m in P.read_plan(p): add(m)
near = np.argsort(D, axis=1)[:, 1:a.near + 1]
steps = np.rint(w / a.q).astype(int)
def price(j, pi):
    # The cheapest contiguous in-band subset around j, else the first one repaired.
    items = near[j]; items = items[~covered[items]]
    fallback = (np.inf, None)
    for rc, m in P.band_subsets(j, items, pi, steps, a.q):
        if not a.contiguous or connected(m): return rc, m
        if fallback[1] is None: fallback = repair(j, m, pi)
    return fallback
def repair(j, m, pi):
    part = P.repair(j, m, pi, lambda v: not covered[v])
    if part is None: return np.inf, None
    return float(C[part, j].sum() - pi[part].sum()), part
def usable():
    return [u for u in range(len(cols)) if u in fixed or not covered[cols[u]].any()]
def matrix(use):
    rows, cix = [], []
    for c, u in enumerate(use):
        rows.extend(cols[u].tolist()); cix.extend([c] * len(cols[u]))
    A = csr_matrix((np.ones(len(rows)), (rows, cix)), shape=(n, len(use)))
    return vstack([A, csr_matrix(np.ones((1, len(use))))]).tocsc()
def lp():
    use = usable(); A = matrix(use); b = np.r_[np.ones(n), a.k]
    c = np.array([costs[u] for u in use]); fx = set(fixed)
    bounds = [(1.0 if u in fx else 0.0, None) for u in use]
    if not fixed:
        res = linprog(c, A_eq=A, b_eq=b, bounds=bounds, method='highs')
        if res.status != 0: return None, None, None
        return res.fun, res.eqlin.marginals, dict(zip(use, res.x))
    # In the dive an account may stay out at a prohibitive cost and at most k territories
    # are asked for, so the residual problem always has an LP solution.
    A = A.tocsr(); cover, count = A[:n], A[n:]
    cover = hstack([cover, csr_matrix(np.eye(n))]).tocsc()
    count = hstack([count, csr_matrix((1, n))]).tocsc()
    c = np.r_[c, np.full(n, BIG)]; bounds += [(0, None)] * n
    res = linprog(c, A_eq=cover, b_eq=np.ones(n), A_ub=count, b_ub=[a.k], bounds=bounds, method='highs')
    if res.status != 0: return None, None, None
    out = res.x[len(use):].sum()
    if out > 1e-6: print(f'  left out {out:.3f} accounts (LP)', flush=True)
    return res.fun, np.r_[res.eqlin.marginals, res.ineqlin.marginals], dict(zip(use, res.x[:len(use)]))
def mip(secs):
    use = usable(); A = matrix(use); b = np.r_[np.ones(n), a.k]
    c = np.array([costs[u] for u in use])
    res = milp(c, constraints=LinearConstraint(A, b, b), integrality=np.ones(len(use)), bounds=Bounds(0, 1),
               options={'time_limit': secs, 'disp': False, 'mip_rel_gap': 1e-4})
    return res, use
BIG = 1e6  # km·h for leaving an account out (a territory costs about 1.6e5 here)
t0 = time.time()
rank = max(1, n // a.k // 2)
centre_pi = w * np.sort(D, axis=1)[:, rank]
def generate(max_rounds):
    global centre_pi
    centre_L, alpha = -np.inf, 0.8
    for rnd in range(max_rounds):
        val, duals, x = lp()
        if val is None: return None, None
        pi_lp, mu_lp = duals[:n], duals[n]
        pi = alpha * centre_pi + (1 - alpha) * pi_lp if np.isfinite(centre_L) else centre_pi
        found, best_dp = [], np.inf
        for j in range(n):
            if covered[j]: continue
            rc, m = price(j, pi)
            if m is None: continue
            best_dp = min(best_dp, rc)
            arr = np.array(m)
            found.append((float(C[arr][:, arr].sum(0).min()) - pi_lp[arr].sum() - mu_lp, m))
        kleft = a.k - len(fixed)
        L = pi[~covered].sum() + sum(costs[u] for u in fixed) + kleft * min(0.0, best_dp)
        if L > centre_L: centre_L, centre_pi = L, pi.copy()
        neg = sorted([f for f in found if f[0] < -1e-6], key=lambda f: f[0])
        added = sum(add(m) for _, m in neg[:a.per_round])
        if added == 0: alpha *= 0.5
        if rnd % 10 == 0 or added == 0:
            print(f'  round {rnd} lp {val:.0f} best_L {centre_L:.0f} alpha {alpha:.3f} added {added} cols {len(cols)} {time.time()-t0:.0f}s', flush=True)
        if added == 0 and alpha < 0.05: break
        if val - centre_L < 1e-4 * val: break
    val, duals, x = lp()
    return val, x
import pickle
if a.cache and os.path.exists(a.cache):
    cols, costs, seen, centre_pi = pickle.load(open(a.cache, 'rb'))
    val, _, x = lp()
else:
    val, x = generate(a.rounds)
    if a.cache: pickle.dump((cols, costs, seen, centre_pi), open(a.cache, 'wb'))
print(f'root lp {val:.0f} cols {len(cols)}', flush=True)
if a.variants:
    val, duals, x = lp()
    support = [u for u, v in x.items() if v > 1e-4]
    before = len(cols)
    for u in support:
        for m in P.variants(cols[u]): add(list(m))
    print(f'variants: {len(support)} LP columns gave {len(cols) - before} new columns; lp {lp()[0]:.0f} {time.time()-t0:.0f}s', flush=True)
res, use = mip(a.mip_secs) if a.mip_secs > 0 else (None, None)
if res is not None and res.x is not None:
    print(f'root mip {res.fun:.1f} ({res.message}) {time.time()-t0:.0f}s', flush=True)
    chosen = [use[c] for c in np.nonzero(res.x > 0.5)[0]]
    with open(a.out, 'w') as f:
        f.write('account_id,territory\n')
        for t, u in enumerate(chosen):
            for i in cols[u]: f.write(f'{ids[i]},T{t+1}\n')
if a.dive_fix == 0: sys.exit(0)
while len(fixed) < a.k:
    cand = sorted(((v, u) for u, v in x.items() if u not in fixed), reverse=True)
    take = [u for v, u in cand if v > 0.99] or [u for v, u in cand[:a.dive_fix]]
    before = len(fixed)
    for u in take:
        if not covered[cols[u]].any(): fixed.append(u); covered[cols[u]] = True
    if len(fixed) == before:
        print('dive stuck: no column left to fix', flush=True); break
    val, x = generate(a.dive_rounds)
    if val is None:
        print('dive infeasible', flush=True); break
    print(f'fixed {len(fixed)} lp {val:.0f} {time.time()-t0:.0f}s', flush=True)
if len(fixed) != a.k or not covered.all():
    print(f'dive ended with {len(fixed)} territories, {int((~covered).sum())} accounts uncovered', flush=True)
else:
    tot = sum(costs[u] for u in fixed)
    print(f'dive plan {tot:.1f}', flush=True)
    with open(a.out, 'w') as f:
        f.write('account_id,territory\n')
        for t, u in enumerate(fixed):
            for i in cols[u]: f.write(f'{ids[i]},T{t+1}\n')
fixed.clear(); covered[:] = False
res, use = mip(a.mip_secs) if a.mip_secs > 0 else (None, None)
if res is not None and res.x is not None: print(f'final mip over {len(cols)} columns {res.fun:.1f} ({res.message})', flush=True)
