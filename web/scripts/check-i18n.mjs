#!/usr/bin/env node
// Fails (exit 1) when the zh-CN and en catalogues differ: a key in one and not the other,
// an empty message, or different {placeholders} for the same key. It also fails when the
// source calls t('key') with a literal key that no catalogue has.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformWithOxc } from 'vite';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const i18nDir = join(web, 'src', 'i18n');
const CATALOGUES = { en: 'en.ts', 'zh-CN': 'zh-CN.ts' };

async function loadCatalogue(file, tmp) {
  const source = await readFile(join(i18nDir, file), 'utf8');
  const { code } = await transformWithOxc(source, file, { lang: 'ts' });
  const out = join(tmp, file.replace(/\.ts$/, '.mjs'));
  // Type-only imports are gone after the transform; nothing else may be imported.
  await writeFile(out, code);
  return (await import(pathToFileURL(out).href)).default;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

async function sourceFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (p.endsWith('.ts') && !p.includes(`${join('src', 'i18n')}`)) out.push(p);
  }
  return out;
}

const tmp = await mkdtemp(join(tmpdir(), 'check-i18n-'));
const problems = [];
try {
  const cats = {};
  for (const [locale, file] of Object.entries(CATALOGUES)) cats[locale] = await loadCatalogue(file, tmp);
  const [a, b] = Object.keys(cats);
  const keysA = new Set(Object.keys(cats[a]));
  const keysB = new Set(Object.keys(cats[b]));
  for (const k of keysA) if (!keysB.has(k)) problems.push(`${k}: in ${a}, missing from ${b}`);
  for (const k of keysB) if (!keysA.has(k)) problems.push(`${k}: in ${b}, missing from ${a}`);
  for (const [locale, cat] of Object.entries(cats)) {
    for (const [k, v] of Object.entries(cat)) {
      if (typeof v !== 'string' || v.trim() === '') problems.push(`${k}: empty in ${locale}`);
    }
  }
  for (const k of keysA) {
    if (keysB.has(k) && placeholders(cats[a][k]) !== placeholders(cats[b][k])) {
      problems.push(`${k}: placeholders differ (${a}: {${placeholders(cats[a][k])}}, ${b}: {${placeholders(cats[b][k])}})`);
    }
  }
  for (const file of await sourceFiles(join(web, 'src'))) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^'$`]+)'/g)) {
      if (!keysA.has(m[1])) problems.push(`${m[1]}: used in ${file.slice(web.length + 1)} but not in the catalogues`);
    }
  }
  if (problems.length) {
    console.error(`check-i18n: ${problems.length} problem(s)`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
  } else {
    console.log(`check-i18n: ${keysA.size} keys, ${Object.keys(cats).join(' and ')} agree`);
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
