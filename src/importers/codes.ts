// Source values to our codes: a profile's own table first, then the code itself, its Spanish and
// English labels and the variants agencies commonly write (built in below).
import countries from 'i18n-iso-countries';
import enCountries from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import esCountries from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import {
  CONDICION_TRATA,
  ENTIDAD_DETERMINA,
  FINALIDAD_EXPLOTACION,
  FUENTE_DETECCION,
  IDENTIDAD_GENERO,
  MEDIO_CONTROL,
  METODO_CAPTACION,
  SEXO,
  SI_NO,
  TIPO_DOCUMENTO,
  TIPO_EXPLOTACION,
  UNKNOWN,
  type CodeList,
} from '../domain/code-lists.ts';
import { isCountry } from '../domain/countries.ts';
import { isUnknownMarker, matchKey } from './text.ts';

countries.registerLocale(esCountries);
countries.registerLocale(enCountries);

/**
 * Criminal offences of domain-spec §7.13 (`DelitoCP`): current articles of the Código Penal and
 * the legacy numbering (art. 153 ff., before Ley 30251 / DL 1323), converted as §7.13 says.
 */
export const DELITO_CP: CodeList = (() => {
  const rows: [string, string, string][] = [
    ['ART_129A', 'Trata de personas (art. 129-A)', 'Trafficking in persons (art. 129-A)'],
    ['ART_129B', 'Formas agravadas de trata (art. 129-B)', 'Aggravated trafficking (art. 129-B)'],
    ['ART_129C', 'Explotación sexual (art. 129-C)', 'Sexual exploitation (art. 129-C)'],
    ['ART_129D', 'Explotación sexual agravada (art. 129-D)', 'Aggravated sexual exploitation (art. 129-D)'],
    ['ART_129E', 'Art. 129-E', 'Art. 129-E'],
    ['ART_129F', 'Art. 129-F', 'Art. 129-F'],
    ['ART_129G', 'Art. 129-G', 'Art. 129-G'],
    ['ART_129H', 'Art. 129-H', 'Art. 129-H'],
    ['ART_129I', 'Art. 129-I', 'Art. 129-I'],
    ['ART_129J', 'Art. 129-J', 'Art. 129-J'],
    ['ART_129K', 'Art. 129-K', 'Art. 129-K'],
    ['ART_129L', 'Art. 129-L', 'Art. 129-L'],
    ['ART_129M', 'Art. 129-M', 'Art. 129-M'],
    ['ART_129N', 'Art. 129-N', 'Art. 129-N'],
    ['ART_129NN', 'Art. 129-Ñ', 'Art. 129-Ñ'],
    ['ART_129O', 'Trabajo forzoso (art. 129-O)', 'Forced labour (art. 129-O)'],
    ['TRAFICO_ILICITO_MIGRANTES', 'Tráfico ilícito de migrantes (arts. 303-A, 303-B)', 'Migrant smuggling (arts. 303-A, 303-B)'],
    ['OTRO', 'Otro delito', 'Other offence'],
  ];
  const values = rows.map(([code, es, en]) => ({ code, es, en }));
  return { name: 'delitoCP', values, codes: new Set(values.map((v) => v.code)) };
})();

/** Legacy article → current code (§7.13). */
const LEGACY_ARTICLES: Record<string, string> = {
  '153': 'ART_129A', '153A': 'ART_129B', '153B': 'ART_129C', '153C': 'ART_129NN', '153D': 'ART_129D', '153E': 'ART_129E',
  '153F': 'ART_129F', '153G': 'ART_129G', '153H': 'ART_129H', '153I': 'ART_129K', '153J': 'ART_129L', '168B': 'ART_129O',
  '179A': 'ART_129J', '183A': 'ART_129M', '183B': 'ART_129N', '182': 'ART_129A',
};

/**
 * "Art. 153" → ART_129A (legacy); "129-A", "Art. 129 A CP", "ART_129A" → ART_129A; "129-Ñ" → ART_129NN;
 * "303-A" → TRAFICO_ILICITO_MIGRANTES. Undefined when it is not an article we know.
 */
export function offenceFromArticle(text: string): string | undefined {
  const upper = text.normalize('NFC').toUpperCase();
  if (DELITO_CP.codes.has(upper.trim())) return upper.trim();
  const compact = upper
    .replace(/Ñ/g, 'NN')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\./g, '')
    .replace(/\bN\s*[°º]|\bNRO\b/g, ' ')
    .replace(/[_\-/]/g, ' ')
    .replace(/\b(ARTICULO|ARTS?|CODIGO PENAL|CP|DEL|LEG)\b/g, ' ')
    .replace(/[^A-Z0-9]/g, '');
  const m = /^(\d{3})([A-Z]{0,2})$/.exec(compact);
  if (!m) return undefined;
  const article = `${m[1] as string}${m[2] as string}`;
  if (m[1] === '129') return DELITO_CP.codes.has(`ART_${article}`) ? `ART_${article}` : undefined;
  if (m[1] === '303' && (m[2] === 'A' || m[2] === 'B')) return 'TRAFICO_ILICITO_MIGRANTES';
  return LEGACY_ARTICLES[article];
}

const SYNONYMS: Record<string, Record<string, string>> = {
  sexo: {
    F: 'MUJER', FEM: 'MUJER', FEMENINO: 'MUJER', FEMENINA: 'MUJER', MUJER: 'MUJER', FEMALE: 'MUJER', WOMAN: 'MUJER', NINA: 'MUJER',
    M: 'HOMBRE', MASC: 'HOMBRE', MASCULINO: 'HOMBRE', HOMBRE: 'HOMBRE', VARON: 'HOMBRE', H: 'HOMBRE', MALE: 'HOMBRE', MAN: 'HOMBRE', NINO: 'HOMBRE',
    INTERSEX: 'INTERSEX', INTERSEXUAL: 'INTERSEX',
  },
  tipoDocumento: {
    DNI: 'DNI', 'DOCUMENTO NACIONAL DE IDENTIDAD': 'DNI', LE: 'DNI', 'LIBRETA ELECTORAL': 'DNI',
    CE: 'CARNE_EXTRANJERIA', 'CARNE DE EXTRANJERIA': 'CARNE_EXTRANJERIA', 'CARNET DE EXTRANJERIA': 'CARNE_EXTRANJERIA',
    'CARNE EXTRANJERIA': 'CARNE_EXTRANJERIA', 'C EXTRANJERIA': 'CARNE_EXTRANJERIA', CEX: 'CARNE_EXTRANJERIA',
    PASAPORTE: 'PASAPORTE', PAS: 'PASAPORTE', PASS: 'PASAPORTE', PASSPORT: 'PASAPORTE', PSP: 'PASAPORTE',
    PTP: 'PTP', 'PERMISO TEMPORAL DE PERMANENCIA': 'PTP',
    CPP: 'CPP', 'CARNE DE PERMISO TEMPORAL DE PERMANENCIA': 'CPP',
    CEDULA: 'CEDULA_IDENTIDAD_EXTRANJERA', 'CEDULA DE IDENTIDAD': 'CEDULA_IDENTIDAD_EXTRANJERA', CI: 'CEDULA_IDENTIDAD_EXTRANJERA',
    'PARTIDA DE NACIMIENTO': 'PARTIDA_NACIMIENTO', PARTIDA: 'PARTIDA_NACIMIENTO', 'ACTA DE NACIMIENTO': 'PARTIDA_NACIMIENTO',
    'CARNE DE SOLICITANTE DE REFUGIO': 'CARNE_SOLICITANTE_REFUGIO', 'SOLICITANTE DE REFUGIO': 'CARNE_SOLICITANTE_REFUGIO',
    'CARNE DE REFUGIADO': 'CARNE_REFUGIADO', REFUGIADO: 'CARNE_REFUGIADO',
    'SIN DOCUMENTO': 'SIN_DOCUMENTO', INDOCUMENTADO: 'SIN_DOCUMENTO', INDOCUMENTADA: 'SIN_DOCUMENTO', NINGUNO: 'SIN_DOCUMENTO', 'NO TIENE': 'SIN_DOCUMENTO',
    OTRO: 'OTRO',
  },
  tipoExplotacion: {
    SEXUAL: 'SEXUAL', 'EXPLOTACION SEXUAL': 'SEXUAL', 'EXPLOTACION SEXUAL COMERCIAL': 'SEXUAL', PROSTITUCION: 'SEXUAL', ESC: 'SEXUAL',
    LABORAL: 'LABORAL', 'EXPLOTACION LABORAL': 'LABORAL', 'TRABAJO FORZOSO': 'LABORAL', 'TRABAJOS FORZADOS': 'LABORAL', 'TRABAJO FORZADO': 'LABORAL',
    'TRABAJO INFANTIL': 'TRABAJO_INFANTIL',
    SERVIDUMBRE: 'SERVIDUMBRE_DOMESTICA', 'SERVIDUMBRE DOMESTICA': 'SERVIDUMBRE_DOMESTICA', 'TRABAJO DOMESTICO': 'SERVIDUMBRE_DOMESTICA',
    ESCLAVITUD: 'ESCLAVITUD', 'SERVIDUMBRE POR DEUDAS': 'ESCLAVITUD',
    'MATRIMONIO FORZADO': 'MATRIMONIO_FORZADO', 'MATRIMONIO SERVIL': 'MATRIMONIO_FORZADO',
    MENDICIDAD: 'MENDICIDAD', 'MENDICIDAD FORZADA': 'MENDICIDAD',
    'VENTA DE NINOS': 'VENTA_NNA', 'VENTA DE NINAS NINOS Y ADOLESCENTES': 'VENTA_NNA', 'VENTA DE NINAS Y NINOS': 'VENTA_NNA', 'VENTA NNA': 'VENTA_NNA',
    'ADOPCION IRREGULAR': 'ADOPCION_IRREGULAR',
    'EXTRACCION DE ORGANOS': 'EXTRACCION_ORGANOS', 'TRAFICO DE ORGANOS': 'EXTRACCION_ORGANOS', 'EXTRACCION O TRAFICO DE ORGANOS': 'EXTRACCION_ORGANOS',
    'ACTIVIDADES DELICTIVAS': 'ACTIVIDADES_DELICTIVAS', 'ACTIVIDADES DELICTIVAS FORZADAS': 'ACTIVIDADES_DELICTIVAS',
    'RECLUTAMIENTO FORZADO': 'RECLUTAMIENTO_FORZADO',
    OTRO: 'OTRA', OTROS: 'OTRA', OTRA: 'OTRA',
  },
  finalidadExplotacion: {
    'EXPLOTACION SEXUAL': 'EXPLOTACION_SEXUAL', SEXUAL: 'EXPLOTACION_SEXUAL', PROSTITUCION: 'EXPLOTACION_SEXUAL',
    'EXPLOTACION LABORAL': 'EXPLOTACION_LABORAL', LABORAL: 'EXPLOTACION_LABORAL',
    'TRABAJO FORZOSO': 'TRABAJOS_SERVICIOS_FORZADOS', 'TRABAJOS FORZADOS': 'TRABAJOS_SERVICIOS_FORZADOS',
    ESCLAVITUD: 'ESCLAVITUD_PRACTICAS_ANALOGAS', SERVIDUMBRE: 'SERVIDUMBRE', MENDICIDAD: 'MENDICIDAD',
    'VENTA DE NINOS': 'VENTA_NNA', 'EXTRACCION DE ORGANOS': 'EXTRACCION_TRAFICO_ORGANOS', 'TRAFICO DE ORGANOS': 'EXTRACCION_TRAFICO_ORGANOS',
  },
};

/** Lists a profile may map codes for; each has its own table in the profile's `codes`. */
export const CODE_FIELDS = {
  sex: SEXO,
  documentType: TIPO_DOCUMENTO,
  exploitationTypes: TIPO_EXPLOTACION,
  legalPurposes: FINALIDAD_EXPLOTACION,
  detectionSource: FUENTE_DETECCION,
  traffickingStatus: CONDICION_TRATA,
  offences: DELITO_CP,
  genderIdentity: IDENTIDAD_GENERO,
  statusDeterminedBy: ENTIDAD_DETERMINA,
  meansOfControl: MEDIO_CONTROL,
  recruitmentMethods: METODO_CAPTACION,
  minorAtDetection: SI_NO,
} as const;
export type CodeField = keyof typeof CODE_FIELDS;

export type CodeReading = { ok: true; code: string } | { ok: false; key: string; params: Record<string, string> };

/** A lookup for one list, built once per profile: profile table, codes, labels, built-in variants. */
export class CodeLookup {
  private readonly table = new Map<string, string>();

  constructor(
    readonly field: CodeField | 'nationality',
    readonly list: CodeList | undefined,
    profileTable: Readonly<Record<string, string>> = {},
  ) {
    if (list) {
      for (const [from, to] of Object.entries(SYNONYMS[list.name] ?? {})) this.table.set(matchKey(from), to);
      for (const v of list.values) {
        this.table.set(matchKey(v.en), v.code);
        this.table.set(matchKey(v.es), v.code);
        this.table.set(matchKey(v.code), v.code);
      }
    }
    // The profile's table wins over everything built in.
    for (const [from, to] of Object.entries(profileTable)) this.table.set(matchKey(from), to);
  }

  private readonly cache = new Map<string, CodeReading>();

  /** Reads one value. Blank and "no data" markers give the list's DESCONOCIDO when it has one. */
  read(raw: string): CodeReading {
    // Codes repeat down a file: each distinct value is looked up once.
    let reading = this.cache.get(raw);
    if (reading === undefined) {
      reading = this.lookup(raw);
      if (this.cache.size < 50_000) this.cache.set(raw, reading);
    }
    return reading;
  }

  private lookup(raw: string): CodeReading {
    const value = raw.trim();
    const key = matchKey(value);
    const own = this.table.get(key);
    if (own !== undefined) return { ok: true, code: own };
    if (this.field === 'offences') {
      const article = offenceFromArticle(value);
      if (article) return { ok: true, code: article };
    }
    if (this.field === 'nationality') {
      const country = countryCode(value);
      if (country) return { ok: true, code: country };
    }
    if (isUnknownMarker(value) && (this.field === 'nationality' || this.list?.codes.has(UNKNOWN))) return { ok: true, code: UNKNOWN };
    return { ok: false, key: this.field === 'documentType' ? 'import.documentType' : this.field === 'nationality' ? 'import.country' : 'import.code', params: { value, field: this.field } };
  }
}

/** Demonyms (masculine and feminine) of the nationalities seen among victims in Peru, and a few more. */
const DEMONYMS: Record<string, string> = {
  PERUAN: 'PER', VENEZOLAN: 'VEN', COLOMBIAN: 'COL', ECUATORIAN: 'ECU', BOLIVIAN: 'BOL', CHILEN: 'CHL', ARGENTIN: 'ARG',
  BRASILEN: 'BRA', BRASILER: 'BRA', PARAGUAY: 'PRY', URUGUAY: 'URY', CHIN: 'CHN', HAITIAN: 'HTI', DOMINICAN: 'DOM', CUBAN: 'CUB',
  MEXICAN: 'MEX', ESPANOL: 'ESP', ESPANOLA: 'ESP', ESTADOUNIDENSE: 'USA', NORTEAMERICAN: 'USA', PANAMEN: 'PAN', GUATEMALTEC: 'GTM',
  HONDURENN: 'HND', HONDUREN: 'HND', SALVADOREN: 'SLV', NICARAGUENS: 'NIC', COSTARRICENS: 'CRI', FILIPIN: 'PHL', BANGLADESI: 'BGD',
};

const countryNames = new Map<string, string>();
for (const lang of ['es', 'en'] as const) {
  for (const [alpha2, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
    const alpha3 = countries.alpha2ToAlpha3(alpha2);
    if (!alpha3) continue;
    for (const name of names as string[]) countryNames.set(matchKey(name), alpha3);
  }
}

/** "PER", "PE", "Perú", "peruana", "VENEZOLANO" → ISO alpha-3; undefined when unknown. */
export function countryCode(text: string): string | undefined {
  const key = matchKey(text);
  if (key === '') return undefined;
  if (/^[A-Z]{3}$/.test(key) && isCountry(key)) return key;
  if (/^[A-Z]{2}$/.test(key)) {
    const alpha3 = countries.alpha2ToAlpha3(key);
    if (alpha3) return alpha3;
  }
  const byName = countryNames.get(key);
  if (byName) return byName;
  // Demonyms: drop the gender ending (-o, -a, -os, -as, -es).
  const stem = key.replace(/(OS|AS|ES|O|A)$/, '');
  return DEMONYMS[stem] ?? DEMONYMS[key];
}
