// Identity document numbers (domain-spec §13). Returns a message key when a number is not valid.

const RULES: Record<string, { pattern: RegExp; key: string }> = {
  DNI: { pattern: /^\d{8}$/, key: 'invalid.dni' },
  CARNE_EXTRANJERIA: { pattern: /^[A-Z0-9]{6,12}$/, key: 'invalid.ce' },
  PASAPORTE: { pattern: /^[A-Z0-9]{6,20}$/, key: 'invalid.passport' },
};
const GENERIC = { pattern: /^[A-Z0-9][A-Z0-9\-/.]{0,19}$/, key: 'invalid.documentNumber' };

/** Upper case, without spaces: how numbers are compared and stored. */
export function normaliseDocumentNumber(number: string): string {
  return number.toUpperCase().replace(/\s+/g, '');
}

export function validateDocumentNumber(type: string, number: string | undefined): string | undefined {
  if (type === 'SIN_DOCUMENTO') return number ? 'invalid.noDocumentHasNoNumber' : undefined;
  if (!number) return 'invalid.documentNumberRequired';
  const rule = RULES[type] ?? GENERIC;
  return rule.pattern.test(normaliseDocumentNumber(number)) ? undefined : rule.key;
}
