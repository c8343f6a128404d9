// The code lists small enough for the browser (ubigeo-codes.ts, country-codes.ts) say exactly what
// the full lists with names say: a code known there is known here, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import countries from 'i18n-iso-countries';
import ubigeoData from '../../src/domain/data/ubigeo.json' with { type: 'json' };
import { COUNTRY_CODES, isCountry } from '../../src/domain/country-codes.ts';
import { DEPARTMENTS, ubigeoName } from '../../src/domain/ubigeo.ts';
import { isUbigeo } from '../../src/domain/ubigeo-codes.ts';

type Entry = [code: string, name: string, reniec: string | null];
const listed = [...DEPARTMENTS.map((d) => d.code), ...(ubigeoData.provinces as Entry[]).map(([code]) => code), ...(ubigeoData.districts as Entry[]).map(([code]) => code)];

test('every department, province and district of the INEI list is a ubigeo, and no other code of 2, 4 or 6 digits is', () => {
  assert.equal(listed.length, 25 + 196 + 1892);
  for (const code of listed) assert.ok(isUbigeo(code), code);
  const known = new Set(listed);
  let others = 0;
  for (const digits of [2, 4, 6]) {
    for (let n = 0; n < 10 ** digits; n++) {
      const code = String(n).padStart(digits, '0');
      if (known.has(code)) continue;
      assert.equal(isUbigeo(code), false, code);
      others++;
    }
  }
  assert.equal(others, 100 + 10_000 + 1_000_000 - listed.length);
  // Every code it knows has its name in the full list.
  for (const code of ['16', '1601', '160101', '170101', '090701']) assert.equal(isUbigeo(code), ubigeoName(code) !== undefined, code);
  for (const wrong of ['', '1', '160', '16010', '1601011', 'ab', '16 01']) assert.equal(isUbigeo(wrong), false, wrong);
});

test('the country codes are i18n-iso-countries\' alpha-3 codes, sorted', () => {
  assert.deepEqual(COUNTRY_CODES, Object.keys(countries.getAlpha3Codes()).sort());
  assert.ok(isCountry('PER') && isCountry('VEN') && isCountry('BOL'));
  for (const wrong of ['', 'PE', 'per', 'XXX', 'PERU']) assert.equal(isCountry(wrong), false, wrong);
});
