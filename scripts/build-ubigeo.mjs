// Builds src/domain/data/ubigeo.json (INEI codes, names, RENIEC codes) from data/peru/*.csv.
// Run by hand when the reference CSVs change; the JSON is committed so the domain needs no I/O.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const read = (file) => parse(readFileSync(new URL(`../data/peru/${file}`, import.meta.url)), { columns: true, cast: false });
const title = (s) => s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (m) => m.toUpperCase());
const departments = read('ubigeo_departamento.csv').map((r) => [r.inei.slice(0, 2), title(r.departamento), r.reniec === 'NA' ? null : r.reniec.slice(0, 2)]);
const provinces = read('ubigeo_provincia.csv').map((r) => [r.inei.slice(0, 4), title(r.provincia), r.reniec === 'NA' ? null : r.reniec.slice(0, 4)]);
const districts = read('ubigeo_distrito.csv')
  .filter((r) => r.inei !== 'NA')
  .map((r) => [r.inei, title(r.distrito), r.reniec === 'NA' ? null : r.reniec]);
writeFileSync(new URL('../src/domain/data/ubigeo.json', import.meta.url), JSON.stringify({ source: 'jmcastagnetto/ubigeo-peru-aumentado a783fa66 (MIT), see data/peru/README.md', departments, provinces, districts }));
console.log(departments.length, provinces.length, districts.length);
