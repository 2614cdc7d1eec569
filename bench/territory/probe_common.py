"""What the outside territory probes share (column_generation.py, window_search.py).

Not part of the product. An instance as those probes see it: workloads, great-circle
distances, the balance band and the reference evaluator's Delaunay graph; contiguity,
a territory's cost to its workload-weighted medoid, the knapsack that prices in-band
subsets around a centre, the repair of a non-contiguous one, and one-account neighbours.
"""
import math
import os
import sys

import numpy as np


class Probe:
    def __init__(self, instance, k, tau, evaluator):
        sys.path.insert(0, os.path.dirname(os.path.abspath(evaluator)))
        import territory_evaluate as ev  # its Delaunay graph and distances
        self.ids, lat, lon, w, _ = ev.read_instance(instance)
        self.n = len(self.ids)
        self.idx = {s: i for i, s in enumerate(self.ids)}
        self.w = np.array(w)
        X = np.array([ev.to_xyz(la, lo) for la, lo in zip(lat, lon)])
        chord = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
        self.D = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, chord / 2))
        self.C = self.w[:, None] * self.D  # hours × km
        self.mean = self.w.sum() / k
        self.lo, self.hi = (1 - tau) * self.mean, (1 + tau) * self.mean
        px, py = ev.laea(lat, lon)
        self.adj = [set() for _ in range(self.n)]
        for u, v in ev.delaunay_edges(px, py):
            self.adj[u].add(v)
            self.adj[v].add(u)

    def read_plan(self, path):
        """The plan's territories as lists of account indices."""
        import csv
        mem = {}
        for r in csv.DictReader(open(path)):
            mem.setdefault(r['territory'], []).append(self.idx[r['account_id']])
        return list(mem.values())

    def piece(self, j, m):
        """The accounts of m reached from j along the Delaunay graph inside m."""
        inside, seen, stack = set(m), {j}, [j]
        while stack:
            u = stack.pop()
            for v in self.adj[u]:
                if v in inside and v not in seen:
                    seen.add(v)
                    stack.append(v)
        return seen

    def connected(self, m):
        s = set(m)
        return len(self.piece(next(iter(s)), s)) == len(s)

    def cost(self, m):
        """Σ hours × km to the workload-weighted medoid."""
        arr = np.array(sorted(m))
        return float(self.C[arr][:, arr].sum(0).min())

    def in_band(self, m):
        return self.lo <= self.w[list(m)].sum() <= self.hi

    def band_subsets(self, j, items, pi, steps, q, states=12):
        """Knapsack around centre j over `items` (reduced cost C[i, j] − pi[i], hours on a
        `q` grid as `steps`): for the `states` cheapest in-band load states, the subset
        (j first) with its reduced cost, when its true hours are in the band."""
        r = self.C[items, j] - pi[items]
        S = int(math.floor(self.hi / q)) + 2
        dp = np.full(S, np.inf)
        dp[steps[j]] = -pi[j]
        take = np.zeros((len(items), S), dtype=bool)
        for t, i in enumerate(items):
            s = steps[i]
            cand = np.full(S, np.inf)
            cand[s:] = dp[:-s] + r[t]
            better = cand < dp
            take[t] = better
            dp = np.where(better, cand, dp)
        slo, shi = int(math.ceil(self.lo / q)), int(math.floor(self.hi / q))
        for o in np.argsort(dp[slo:shi + 1])[:states]:
            st = slo + int(o)
            if not np.isfinite(dp[st]):
                return
            m, s = [j], st
            for t in range(len(items) - 1, -1, -1):
                if take[t, s]:
                    m.append(int(items[t]))
                    s -= steps[items[t]]
            if self.in_band(m):
                yield dp[st], m

    def repair(self, j, m, pi, allowed):
        """The piece of m around j, grown along the Delaunay graph (accounts `allowed`) by
        the cheapest reduced cost until in the band; None when it cannot be."""
        part = self.piece(j, m)
        w, lo, hi = self.w, self.lo, self.hi
        load = w[list(part)].sum()
        while load < lo:
            best = None
            for u in part:
                for v in self.adj[u]:
                    if v in part or not allowed(v) or load + w[v] > hi:
                        continue
                    r = self.C[v, j] - pi[v]
                    if best is None or r < best[0]:
                        best = (r, v)
            if best is None:
                return None
            part.add(best[1])
            load += w[best[1]]
        return list(part)

    def variants(self, m, allowed=lambda v: True):
        """A territory's neighbours in the band: one account dropped, one adjacent
        (`allowed`) account added, or one swapped for an adjacent one."""
        w, lo, hi = self.w, self.lo, self.hi
        inside = set(int(i) for i in m)
        load = w[list(inside)].sum()
        out = []
        border = {v for u in inside for v in self.adj[u] if v not in inside and allowed(v)}
        for i in inside:
            if lo <= load - w[i] <= hi:
                out.append(inside - {i})
            for v in border:
                if lo <= load - w[i] + w[v] <= hi:
                    out.append((inside - {i}) | {v})
        for v in border:
            if lo <= load + w[v] <= hi:
                out.append(inside | {v})
        return out
