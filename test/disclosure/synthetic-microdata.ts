// Synthetic victim microdata for the k-anonymity tests and the bench (seeded, no dependency).
import type { MicrodataRecord } from '../../src/disclosure/hierarchies.ts';
import { pick, randomInt, seededRandom } from './prng.ts';

const DISTRICTS = ['150101', '150102', '150132', '070101', '160101', '160112', '170101', '240101', '210101', '211101', '040101', '080101', '130101', '200101', '250101'];
const NATIONALITIES = [...Array(80).fill('PER'), ...Array(12).fill('VEN'), 'COL', 'COL', 'ECU', 'BOL', 'ARG', 'CHN', null, 'DESCONOCIDO'] as (string | null)[];
const PURPOSES = [...Array(6).fill('EXPLOTACION_SEXUAL'), ...Array(3).fill('EXPLOTACION_LABORAL'), 'MENDICIDAD', 'VENTA_NNA', 'TRAFICO_ORGANOS'];

export function syntheticMicrodata(count: number, seed = 1): MicrodataRecord[] {
  const random = seededRandom(seed);
  const out: MicrodataRecord[] = [];
  for (let i = 0; i < count; i++) {
    const month = String(randomInt(random, 1, 12)).padStart(2, '0');
    const day = String(randomInt(random, 1, 28)).padStart(2, '0');
    out.push({
      id: `V${i}`,
      sex: random() < 0.78 ? 'F' : random() < 0.95 ? 'M' : 'DESCONOCIDO',
      age: random() < 0.03 ? null : Math.min(75, Math.floor(random() * random() * 60) + randomInt(random, 5, 15)),
      registered: `${randomInt(random, 2018, 2024)}-${month}-${day}`,
      ubigeo: pick(random, DISTRICTS),
      nationality: pick(random, NATIONALITIES),
      purpose: pick(random, PURPOSES),
      services: randomInt(random, 0, 12),
    });
  }
  return out;
}
