// Server messages of access control (shares, break the glass, second factor, data-subject rights),
// Spanish first, English complete.

export const ACCESS_SERVER_MESSAGES: { es: Record<string, string>; en: Record<string, string> } = {
  es: {
    'invalid.reasonTooShort': 'Explique el motivo (al menos {arg} caracteres).',
    'invalid.shelterNeverShared': 'La ubicación del albergue (G6) nunca se comparte fuera de la unidad.',
    'invalid.unknownAgency': 'Institución desconocida.',
    'invalid.ownAgency': 'El expediente ya es de su institución.',
    'problem.shareNotFound': 'No existe ese acceso compartido o ya fue revocado.',
    'problem.secondFactorRequired': 'Ingrese el código de su aplicación de autenticación para continuar.',
    'problem.secondFactorEnrolmentRequired': 'Su rol accede a datos personales: active el segundo factor (código de una aplicación de autenticación) antes de continuar.',
    'problem.secondFactorEnrolled': 'Ya tiene un segundo factor activo. Pida a la administración que lo restablezca para cambiarlo.',
    'problem.secondFactorNotStarted': 'Primero solicite un código secreto nuevo.',
    'problem.invalidCode': 'El código no es válido, ya fue usado o venció. Use el código de seis dígitos que muestra su aplicación ahora.',
  },
  en: {
    'invalid.reasonTooShort': 'Explain the reason (at least {arg} characters).',
    'invalid.shelterNeverShared': 'A shelter location (G6) is never shared outside its unit.',
    'invalid.unknownAgency': 'Unknown agency.',
    'invalid.ownAgency': 'The case file already belongs to your agency.',
    'problem.shareNotFound': 'No such share, or it was already revoked.',
    'problem.secondFactorRequired': 'Enter the code from your authenticator app to continue.',
    'problem.secondFactorEnrolmentRequired': 'Your role reads personal data: set up the second factor (a code from an authenticator app) before going on.',
    'problem.secondFactorEnrolled': 'You already have a second factor. Ask an administrator to reset it to change it.',
    'problem.secondFactorNotStarted': 'First ask for a new secret key.',
    'problem.invalidCode': 'The code is not valid, was already used or has expired. Use the six-digit code your app shows now.',
  },
};
