// Server messages of access control (shares, break the glass, second factor, data-subject rights),
// Spanish first, English complete.

export const ACCESS_SERVER_MESSAGES: { es: Record<string, string>; en: Record<string, string> } = {
  es: {
    'invalid.reasonTooShort': 'Explique el motivo (al menos {arg} caracteres).',
    'invalid.shelterNeverShared': 'La ubicación del albergue (G6) nunca se comparte fuera de la unidad.',
    'invalid.unknownAgency': 'Institución desconocida.',
    'invalid.ownAgency': 'El expediente ya es de su institución.',
    'problem.shareNotFound': 'No existe ese acceso compartido o ya fue revocado.',
  },
  en: {
    'invalid.reasonTooShort': 'Explain the reason (at least {arg} characters).',
    'invalid.shelterNeverShared': 'A shelter location (G6) is never shared outside its unit.',
    'invalid.unknownAgency': 'Unknown agency.',
    'invalid.ownAgency': 'The case file already belongs to your agency.',
    'problem.shareNotFound': 'No such share, or it was already revoked.',
  },
};
