// Shared vocabulary of the disclosure-control library (domain-spec §11.3). Types and defaults only.

/** Why a cell is not published: it is small itself (primary) or it protects a small one (secondary). */
export type SuppressionKind = 'primary' | 'secondary';

/** A dimension value per dimension name; a dimension left out is summed over (a margin). */
export type Coordinates = Readonly<Record<string, string>>;

export interface DisclosureRules {
  /** Counts 1 … threshold−1 are sensitive (default 10: cells 1–9 are suppressed). */
  threshold: number;
  /** Whether a zero is sensitive too (default false: an empty cell is published). */
  zeroIsSensitive: boolean;
  /**
   * Protection rule of the auditor: the attacker's feasible interval [lower, upper] of every
   * suppressed cell must be at least this wide (default: the threshold). Because an implied sum of
   * suppressed cells bounds each of them, this also makes every derivable sum of suppressed cells
   * 0-free and ≥ this width.
   */
  minIntervalWidth: number;
}

export const DEFAULT_RULES: DisclosureRules = { threshold: 10, zeroIsSensitive: false, minIntervalWidth: 10 };

/**
 * Es: reglas completas a partir de un conjunto parcial. En: full rules from a partial set.
 * The interval width follows the threshold unless given.
 */
export function resolveRules(rules: Partial<DisclosureRules> = {}): DisclosureRules {
  const threshold = rules.threshold ?? DEFAULT_RULES.threshold;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  const minIntervalWidth = rules.minIntervalWidth ?? threshold;
  if (!(minIntervalWidth >= 0)) throw new RangeError(`minIntervalWidth must be ≥ 0, got ${minIntervalWidth}`);
  return { threshold, zeroIsSensitive: rules.zeroIsSensitive ?? false, minIntervalWidth };
}

/** Es: ¿el conteo es sensible (1 … umbral−1, o 0 si se configura)? En: is the count sensitive (1 … threshold−1, or 0 when configured)? */
export function isSensitiveCount(value: number, rules: DisclosureRules): boolean {
  if (value === 0) return rules.zeroIsSensitive;
  return value > 0 && value < rules.threshold;
}

/** A note for the statistics page, in both languages. */
export interface BilingualText {
  es: string;
  en: string;
}

/** What a protected output says about itself: counts and the rules applied. */
export interface DisclosureSummary {
  cells: number;
  published: number;
  primary: number;
  secondary: number;
  /** Short codes of the rules applied, e.g. `threshold:10`, `secondary:lp-audit`, `round:5`. */
  rulesApplied: string[];
  note: BilingualText;
}
