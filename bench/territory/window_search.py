#!/usr/bin/env python3
"""Window search: re-optimise m neighbouring territories of a plan at a time.

A probe for docs/benchmarks.md, not part of the product (run from outside, never
linked). For each territory in a shuffled order, the window is it plus the nearest
territories (by medoid) grown along territory adjacency up to `--m`; its accounts are
re-partitioned into the same number of in-band, Delaunay-contiguous territories by column
generation restricted to them (knapsack pricing for every account as centre over all the
window's accounts on a `--q` hour grid, non-contiguous subsets repaired as in
probe_common.py), the one-account drop/add/swap neighbours of the LP's columns are
added, and HiGHS solves the window's integer master. The window's current territories are
columns, so the plan never gets worse; a cheaper partition replaces them. The window's LP
is printed beside: a heuristic estimate (pricing is not exact), not a proven bound.

Needs numpy and scipy ≥ 1.9 (see column_generation.py's header for how to unpack them):
  python3 bench/territory/window_search.py bench/data/territory/us_sample1000.csv plan.csv \
      --k 50 --tau 0.02 --m 6 --pool root.pkl --out better.csv
`--pool` is column_generation.py's `--cache` file (its columns inside a window start it).
"""
import sys, os, time, argparse, pickle, random
import numpy as np
from scipy.optimize import linprog, milp, LinearConstraint, Bounds
from scipy.sparse import csr_matrix, vstack
ap = argparse.ArgumentParser()
ap.add_argument('instance'); ap.add_argument('plan'); ap.add_argument('--k', type=int, default=50)
ap.add_argument('--tau', type=float, default=0.02); ap.add_argument('--m', type=int, default=6)
ap.add_argument('--q', type=float, default=0.2); ap.add_argument('--rounds', type=int, default=40)
ap.add_argument('--pool', default=''); ap.add_argument('--out', default='win.csv')
ap.add_argument('--seed', type=int, default=1); ap.add_argument('--passes', type=int, default=2)
ap.add_argument('--evaluator', default='../shared/tools/territory_evaluate.py')
a = ap.parse_args()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_common import Probe  # noqa: E402
P = Probe(a.instance, a.k, a.tau, a.evaluator)
ids, n, w, D, C, adj = P.ids, P.n, P.w, P.D, P.C, P.adj
connected, cost = P.connected, P.cost
def medoid(m): arr = np.array(sorted(m)); return int(arr[C[arr][:, arr].sum(0).argmin()])
terr = [frozenset(m) for m in P.read_plan(a.plan)]
pool = set()
if a.pool:
    cols = pickle.load(open(a.pool, 'rb'))[0]
    for c in cols: pool.add(frozenset(int(x) for x in c))
print(f'plan {sum(cost(t) for t in terr):.1f}, pool {len(pool)}', flush=True)
steps = np.maximum(1, np.rint(w / a.q).astype(int))
def price(j, R, pi):
    # In-band subsets around j: the first contiguous one, and the repairs of those before it.
    items = np.array([i for i in R if i != j]); out = []
    for _, m in P.band_subsets(j, items, pi, steps, a.q):
        if connected(m): out.append(m); break
        rp = P.repair(j, m, pi, lambda v: v in R)
        if rp: out.append(rp)
    return out
def solve_window(win):
    R = set().union(*win); Rl = sorted(R); loc = {g: i for i, g in enumerate(Rl)}; m = len(win)
    cols = {}
    def add(s):
        s = frozenset(s)
        if s in cols or not s <= R: return False
        if not P.in_band(s) or not connected(s): return False
        cols[s] = cost(s); return True
    for t in win: add(t)
    for c in pool:
        if c <= R: add(c)
    def mat(keys):
        rows, cix = [], []
        for c, s in enumerate(keys):
            for g in s: rows.append(loc[g]); cix.append(c)
        A = csr_matrix((np.ones(len(rows)), (rows, cix)), shape=(len(Rl), len(keys)))
        return vstack([A, csr_matrix(np.ones((1, len(keys))))]).tocsc()
    lpv = None
    for rnd in range(a.rounds):
        keys = list(cols); A = mat(keys); c = np.array([cols[s] for s in keys])
        res = linprog(c, A_eq=A, b_eq=np.r_[np.ones(len(Rl)), m], bounds=(0, None), method='highs')
        lpv = res.fun; du = res.eqlin.marginals; pi = np.zeros(n); pi[Rl] = du[:-1]; mu = du[-1]
        added = 0
        for j in Rl:
            for sub in price(j, R, pi):
                s = frozenset(sub)
                if cost(s) - pi[list(s)].sum() - mu < -1e-6: added += add(s)
        if added == 0: break
    support = [s for s, v in zip(keys, res.x) if v > 1e-4]
    for s in support:
        for v in P.variants(s, lambda v: v in R): add(v)
    keys = list(cols); A = mat(keys); c = np.array([cols[s] for s in keys]); b = np.r_[np.ones(len(Rl)), m]
    res = milp(c, constraints=LinearConstraint(A, b, b), integrality=np.ones(len(keys)), bounds=Bounds(0, 1),
               options={'time_limit': 60, 'disp': False})
    if res.x is None: return lpv, None, None
    chosen = [keys[i] for i in np.nonzero(res.x > 0.5)[0]]
    return lpv, res.fun, chosen
random.seed(a.seed); t0 = time.time()
for p in range(a.passes):
    improved = False
    order = list(range(len(terr))); random.shuffle(order)
    for ti in order:
        t = terr[ti]
        mt = medoid(t); wi = [ti]
        while len(wi) < a.m:
            ws = set().union(*(terr[u] for u in wi))
            nb = [u for u in range(len(terr)) if u not in wi and any(v in ws for g in terr[u] for v in adj[g])]
            if not nb: break
            wi.append(min(nb, key=lambda u: D[mt, medoid(terr[u])]))
        win = [terr[u] for u in wi]
        curc = sum(cost(x) for x in win)
        lpv, val, chosen = solve_window(win)
        msg = f'pass {p} T{ti} m={len(win)} cur {curc:.0f} lp {lpv:.0f} mip {val if val is None else round(val)} {time.time()-t0:.0f}s'
        if val is not None and val < curc - 1:
            for u, s in zip(wi, chosen): terr[u] = s
            improved = True
            tot = sum(cost(x) for x in terr)
            msg += f'  IMPROVED plan {tot:.1f}'
            with open(a.out, 'w') as f:
                f.write('account_id,territory\n')
                for k, s in enumerate(terr):
                    for g in s: f.write(f'{ids[g]},T{k+1}\n')
        print(msg, flush=True)
    if not improved: break
