// Generalisation hierarchies for the quasi-identifiers of microdata exports (domain-spec §11.3,
// §11.5). Level 0 is the recorded value; each level is a function of the one below (nested), and
// the last level is "*" (the variable withheld). Unknown stays its own category up to "*" (§11.1).
export type MicrodataValue = string | number | boolean | null | undefined;
export type MicrodataRecord = Readonly<Record<string, MicrodataValue>>;

export const WITHHELD = '*';
export const UNKNOWN_VALUE = 'DESCONOCIDO';
const UNKNOWN_CODES = new Set([UNKNOWN_VALUE, 'NO_RESPONDE', 'NO_APLICA', 'SIN_INFORMACION']);

export interface Hierarchy {
  /** Level names, finest first; the last one is the withheld value "*". */
  levels: readonly string[];
  /** The value at a level (0 … levels.length − 1). */
  generalise(value: MicrodataValue, level: number): string;
}

/**
 * Es: jerarquía a partir de funciones de generalización, una por nivel intermedio.
 * En: hierarchy from generalisation functions, one per intermediate level.
 *
 * `steps[i]` maps the recorded value (as text) to level i + 1; missing values become DESCONOCIDO and,
 * like the other unknown codes, stay as they are until the top level "*".
 */
export function hierarchyFromSteps(levelNames: readonly string[], steps: readonly ((value: string) => string)[]): Hierarchy {
  if (levelNames.length !== steps.length + 2) throw new Error('need a name for the recorded level, each step, and "*"');
  return {
    levels: levelNames,
    generalise(value, level) {
      if (level >= levelNames.length - 1) return WITHHELD;
      const text = value === null || value === undefined || value === '' ? UNKNOWN_VALUE : String(value);
      if (UNKNOWN_CODES.has(text)) return text;
      return level === 0 ? text : steps[level - 1]!(text);
    },
  };
}

/** Es: solo el valor registrado o "*". En: the recorded value or "*" only. */
export function flatHierarchy(name = 'valor'): Hierarchy {
  return hierarchyFromSteps([name, WITHHELD], []);
}

/**
 * Es: categorías: el valor, luego agrupado (lo no listado pasa a "OTRO"), luego "*".
 * En: categorical: the value, then grouped (anything not listed becomes "OTRO"), then "*".
 */
export function categoricalHierarchy(options: { groups?: Readonly<Record<string, string>>; keep?: readonly string[]; other?: string } = {}): Hierarchy {
  const other = options.other ?? 'OTRO';
  const keep = new Set(options.keep ?? []);
  const groups = options.groups ?? {};
  return hierarchyFromSteps(['valor', 'agrupado', WITHHELD], [(v) => groups[v] ?? (keep.has(v) ? v : other)]);
}

export interface AgeBand {
  label: string;
  min: number;
  /** Inclusive; Infinity for the open band. */
  max: number;
}

function bands(...labels: string[]): AgeBand[] {
  return labels.map((label) => {
    const open = /^(\d+)\+$/.exec(label);
    if (open) return { label, min: Number(open[1]), max: Infinity };
    const [min, max] = label.split('-').map(Number);
    return { label, min: min!, max: max! };
  });
}

/** Age band sets of domain-spec §11.5. */
export const AGE_BANDS = {
  LEGAL: bands('0-13', '14-17', '18+'),
  INEI: bands('0-17', '18-29', '30-59', '60+'),
  MP: bands('0-12', '13-17', '18-24', '25-34', '35-44', '45-64', '65+'),
  CTDC: bands('0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+'),
} as const satisfies Record<string, readonly AgeBand[]>;

export type AgeBandSet = keyof typeof AGE_BANDS;

/** Es: banda de edad de un conteo de años. En: age band of an age in years. */
export function ageBand(age: number, set: readonly AgeBand[]): string {
  const band = set.find((b) => age >= b.min && age <= b.max);
  return band ? band.label : UNKNOWN_VALUE;
}

/**
 * Es: edad en años → banda de edad (§11.5, CTDC por defecto) → NNA/adulto → "*".
 * En: age in years → age band (§11.5, CTDC by default) → child/adult → "*".
 *
 * Every band set of §11.5 splits at 18, so child/adult is a function of the band: the levels nest.
 */
export function ageHierarchy(bandSet: AgeBandSet = 'CTDC'): Hierarchy {
  const set = AGE_BANDS[bandSet];
  const toAge = (v: string) => {
    const age = Number(v);
    return Number.isInteger(age) && age >= 0 && age < 130 ? age : undefined;
  };
  return hierarchyFromSteps(['edad', `banda ${bandSet}`, 'NNA/adulto', WITHHELD], [
    (v) => {
      const age = toAge(v);
      return age === undefined ? UNKNOWN_VALUE : ageBand(age, set);
    },
    (v) => {
      const age = toAge(v);
      return age === undefined ? UNKNOWN_VALUE : age < 18 ? 'NNA' : 'ADULTO';
    },
  ]);
}

/**
 * Es: fecha (AAAA-MM-DD) → año-mes → año → "*". En: date (YYYY-MM-DD) → year-month → year → "*".
 * A date recorded with less precision stays at its own precision on the finer levels.
 */
export function dateHierarchy(): Hierarchy {
  const valid = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  return hierarchyFromSteps(['fecha', 'año-mes', 'año', WITHHELD], [
    (v) => (valid.test(v) ? v.slice(0, 7) : UNKNOWN_VALUE),
    (v) => (valid.test(v) ? v.slice(0, 4) : UNKNOWN_VALUE),
  ]);
}

/**
 * Macro-regions of Peru by INEI department code [D: a grouping for publication, configurable]:
 * Lima and Callao apart because of their weight; the rest by geography.
 */
export const PERU_MACROREGIONS: Readonly<Record<string, string>> = {
  '07': 'LIMA_CALLAO', '15': 'LIMA_CALLAO',
  '02': 'NORTE', '06': 'NORTE', '13': 'NORTE', '14': 'NORTE', '20': 'NORTE', '24': 'NORTE',
  '09': 'CENTRO', '10': 'CENTRO', '11': 'CENTRO', '12': 'CENTRO', '19': 'CENTRO',
  '03': 'SUR', '04': 'SUR', '05': 'SUR', '08': 'SUR', '18': 'SUR', '21': 'SUR', '23': 'SUR',
  '01': 'ORIENTE', '16': 'ORIENTE', '17': 'ORIENTE', '22': 'ORIENTE', '25': 'ORIENTE',
};

/**
 * Es: ubigeo distrito → provincia → departamento → macrorregión → "*".
 * En: ubigeo district → province → department → macro-region → "*".
 * Codes recorded at a coarser level (4 or 2 digits) stay as they are on the finer levels.
 */
export function ubigeoHierarchy(macroRegions: Readonly<Record<string, string>> = PERU_MACROREGIONS): Hierarchy {
  const valid = /^(\d{2}|\d{4}|\d{6})$/;
  const cut = (n: number) => (v: string) => (valid.test(v) ? v.slice(0, n) : UNKNOWN_VALUE);
  return hierarchyFromSteps(['distrito', 'provincia', 'departamento', 'macrorregión', WITHHELD], [
    cut(4),
    cut(2),
    (v) => (valid.test(v) ? macroRegions[v.slice(0, 2)] ?? UNKNOWN_VALUE : UNKNOWN_VALUE),
  ]);
}

/** Nationality groups of domain-spec §11.3 (ISO 3166-1 alpha-3). */
export const NATIONALITY_GROUPS: Readonly<Record<string, string>> = { PER: 'PER', VEN: 'VEN', COL: 'COL', ECU: 'ECU', BOL: 'BOL' };

/**
 * Es: nacionalidad (ISO alfa-3) → grupo (peruana, venezolana, colombiana, ecuatoriana, boliviana, otra) → peruana/extranjera → "*".
 * En: nationality (ISO alpha-3) → group (Peruvian, Venezuelan, Colombian, Ecuadorian, Bolivian, other) → Peruvian/foreign → "*".
 */
export function nationalityHierarchy(groups: Readonly<Record<string, string>> = NATIONALITY_GROUPS): Hierarchy {
  const valid = /^[A-Z]{3}$/;
  return hierarchyFromSteps(['nacionalidad', 'grupo', 'peruana/extranjera', WITHHELD], [
    (v) => (valid.test(v) ? groups[v] ?? 'OTRA' : UNKNOWN_VALUE),
    (v) => (valid.test(v) ? (v === 'PER' ? 'PER' : 'EXTRANJERA') : UNKNOWN_VALUE),
  ]);
}
