#!/usr/bin/env python3
"""The best whole-account assignment to a plan's own centres, by an outside MIP solver.

A probe for docs/benchmarks.md, not part of the product: it asks how much better a plan
could be without moving its centres (each territory's workload-weighted medoid). It writes
the generalised assignment problem — every account to one of its C nearest centres, every
territory's workload within mean × (1 ± τ), minimise Σ hours × km — as an LP file, solves
it with CBC (Debian package coinor-cbc, EPL-2.0; run from outside, never linked), and
writes the solution as an `account_id,territory` CSV. Contiguity is not modelled: check
the result with the evaluator or `salesdesk territory metrics`.

  python3 bench/territory/fixed_centre_mip.py INSTANCE.csv PLAN.csv --tau 0.02 \
      [--nearest 8] [--seconds 600] --out BEST.csv
"""
import argparse, csv, math, os, re, subprocess, sys, tempfile

R_EARTH_KM = 6371.0088


def unit(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def km(a, b):
    chord = math.sqrt(sum((p - q) ** 2 for p, q in zip(a, b)))
    return 2 * R_EARTH_KM * math.asin(min(1.0, chord / 2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('instance'); ap.add_argument('plan')
    ap.add_argument('--tau', type=float, default=0.02)
    ap.add_argument('--nearest', type=int, default=8)
    ap.add_argument('--seconds', type=int, default=600)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.instance)))
    ids = [r['id'] for r in rows]
    index = {s: i for i, s in enumerate(ids)}
    w = [float(r['workload']) for r in rows]
    pos = [unit(float(r['lat']), float(r['lon'])) for r in rows]
    n = len(rows)
    members = {}
    for r in csv.DictReader(open(a.plan)):
        members.setdefault(r['territory'], []).append(index[r['account_id']])
    names = sorted(members)
    k = len(names)
    centre, cost = [], 0.0
    for t in names:
        m = members[t]
        c = min(m, key=lambda j: sum(w[i] * km(pos[i], pos[j]) for i in m))
        centre.append(c)
        cost += sum(w[i] * km(pos[i], pos[c]) for i in m)
    own = {i: t for t, name in enumerate(names) for i in members[name]}
    mean = sum(w) / k
    lo, hi = (1 - a.tau) * mean, (1 + a.tau) * mean
    dist = [[km(pos[i], pos[c]) for c in centre] for i in range(n)]
    cand = []
    for i in range(n):
        near = sorted(range(k), key=lambda t: dist[i][t])[:a.nearest]
        if own[i] not in near:
            near.append(own[i])
        cand.append(near)
    tmp = tempfile.mkdtemp()
    lp, sol = os.path.join(tmp, 'gap.lp'), os.path.join(tmp, 'gap.sol')
    with open(lp, 'w') as f:
        f.write('Minimize\n obj: ' + ' + '.join(
            f'{w[i] * dist[i][t]:.4f} x{i}_{t}' for i in range(n) for t in cand[i]) + '\nSubject To\n')
        for i in range(n):
            f.write(f' a{i}: ' + ' + '.join(f'x{i}_{t}' for t in cand[i]) + ' = 1\n')
        for t in range(k):
            lhs = ' + '.join(f'{w[i]:.6f} x{i}_{t}' for i in range(n) if t in cand[i])
            f.write(f' u{t}: {lhs} <= {hi:.6f}\n l{t}: {lhs} >= {lo:.6f}\n')
        f.write('Binary\n' + ''.join(f' x{i}_{t}\n' for i in range(n) for t in cand[i]) + 'End\n')
    subprocess.run(['cbc', lp, 'sec', str(a.seconds), 'threads', '2', 'solve', 'solu', sol],
                   capture_output=True, text=True)
    status = open(sol).readline().strip()
    assign = {}
    for line in open(sol):
        m = re.search(r'x(\d+)_(\d+)\s+([0-9.e+-]+)', line)
        if m and float(m.group(3)) > 0.5:
            assign[int(m.group(1))] = int(m.group(2))
    if len(assign) != n:
        sys.exit(f'no assignment from CBC ({status})')
    with open(a.out, 'w') as f:
        f.write('account_id,territory\n')
        for i in range(n):
            f.write(f'{ids[i]},{names[assign[i]]}\n')
    best = sum(w[i] * dist[i][assign[i]] for i in range(n))
    print(f'plan at its medoids {cost:.1f}; best assignment to the same centres {best:.1f} '
          f'(CBC: {status}); written to {a.out}')


if __name__ == '__main__':
    main()
