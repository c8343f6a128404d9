// Percentages of protected counts (domain-spec §11.3): only when the denominator is at least 30 and
// neither count is suppressed, so that a percentage never stands in for a hidden small count.

export interface PercentageOptions {
  /** Smallest denominator a percentage is shown for (default 30). */
  minDenominator?: number;
  /** Decimal places (default 1). */
  decimals?: number;
}

/**
 * Es: porcentaje publicable (null si el numerador o el denominador están suprimidos o el denominador es menor que 30).
 * En: publishable percentage (null when the numerator or denominator is suppressed or the denominator is below 30).
 */
export function protectedPercentage(numerator: number | null, denominator: number | null, options: PercentageOptions = {}): number | null {
  const minDenominator = options.minDenominator ?? 30;
  if (numerator === null || denominator === null || denominator < minDenominator || denominator <= 0) return null;
  const scale = 10 ** (options.decimals ?? 1);
  return Math.round((100 * numerator * scale) / denominator) / scale;
}
