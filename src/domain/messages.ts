// Messages that the server sends and the web app shows: validation and problem texts, Spanish
// first, English complete. Keys may carry one argument after a colon ("invalid.tooLong:80").
import { CODE_LISTS, type CodeListName, type Lang } from './code-lists.ts';
import { EVIDENCE_SERVER_MESSAGES } from './messages-evidence.ts';
import { IMPORT_SERVER_MESSAGES } from './messages-imports.ts';
import { ACCESS_SERVER_MESSAGES } from './messages-access.ts';
import { FOLLOWUP_LIST_TITLES } from './code-lists-followup.ts';
import { FOLLOWUP_MESSAGES_EN, FOLLOWUP_MESSAGES_ES } from './messages-followup.ts';

type Catalogue = Record<string, string>;

const es: Catalogue = {
  'invalid.required': 'Este dato es obligatorio.',
  'invalid.type': 'Tipo de dato no válido: se esperaba {arg}.',
  'invalid.code': 'Código no válido para la lista «{arg}».',
  'invalid.duplicateValues': 'Hay valores repetidos.',
  'invalid.noValueAlone': '«Desconocido», «No responde» o «No aplica» no se combinan con otros valores.',
  'invalid.tooLong': 'Es demasiado largo (máximo {arg} caracteres).',
  'invalid.tooShort': 'Es demasiado corto.',
  'invalid.tooMany': 'Hay demasiados elementos.',
  'invalid.controlCharacters': 'Contiene caracteres de control no permitidos.',
  'invalid.markup': 'No se admite HTML ni etiquetas en este texto.',
  'invalid.nameCharacters': 'Un nombre solo puede tener letras, espacios, apóstrofos, guiones y puntos.',
  'invalid.date': 'Fecha no válida: use AAAA-MM-DD con un día que exista.',
  'invalid.partialDate': 'Fecha no válida: use AAAA-MM-DD, AAAA-MM o AAAA, con un día que exista.',
  'invalid.dateInFuture': 'La fecha no puede ser posterior a hoy.',
  'invalid.dateTooOld': 'La fecha es anterior a 1900.',
  'invalid.ubigeo': 'Ubigeo INEI desconocido (2, 4 o 6 dígitos).',
  'invalid.ubigeoOutsidePeru': 'El ubigeo solo se usa para lugares en el Perú.',
  'invalid.country': 'País desconocido (código ISO de 3 letras).',
  'invalid.integer': 'Debe ser un número entero.',
  'invalid.age': 'La edad debe estar entre 0 y 120 años.',
  'invalid.dni': 'El DNI tiene 8 dígitos.',
  'invalid.ce': 'El carné de extranjería tiene de 6 a 12 letras o dígitos.',
  'invalid.passport': 'El pasaporte tiene de 6 a 20 letras o dígitos.',
  'invalid.documentNumber': 'Número de documento no válido.',
  'invalid.documentNumberRequired': 'Indique el número del documento.',
  'invalid.noDocumentHasNoNumber': '«Sin documento» no lleva número.',
  'invalid.personNeedsName': 'Registre al menos un nombre, apellido, alias o una descripción para reconocer a la persona.',
  'invalid.birthDateOrAge': 'Registre la fecha de nacimiento o la edad estimada, no ambas.',
  'invalid.personOrPersonId': 'Envíe los datos de una persona nueva o el identificador de una ya registrada, no ambos.',
  'invalid.id': 'Identificador no válido.',
  'invalid.version': 'Versión no válida.',
  'invalid.weakPassword': 'La contraseña debe tener al menos 12 caracteres y combinar tres de: minúsculas, mayúsculas, dígitos, símbolos.',
  'invalid.unknownField': 'Campo desconocido: {arg}.',
  'invalid.value': 'Valor no válido.',
  'invalid.minorInconsistent': 'No coincide con la edad que resulta de la fecha de nacimiento.',
  'invalid.statusDeterminedOnBeforeDetection': 'La determinación no puede ser anterior a la detección.',
  'problem.validation': 'Los datos enviados no son válidos.',
  'problem.malformedJson': 'El cuerpo de la solicitud no es JSON válido.',
  'problem.bodyTooLarge': 'La solicitud es demasiado grande.',
  'problem.unsupportedMediaType': 'Tipo de contenido no admitido: envíe application/json.',
  'problem.notFound': 'No encontrado.',
  'problem.unauthenticated': 'Inicie sesión para continuar.',
  'problem.forbidden': 'No tiene permiso para esta acción.',
  'problem.csrf': 'Falta el token CSRF o no es válido. Vuelva a cargar la página.',
  'problem.versionConflict': 'Otra persona modificó este registro (versión actual: {arg}). Recargue y vuelva a aplicar sus cambios.',
  'problem.idempotencyMismatch': 'Esta clave de idempotencia ya se usó con otra solicitud.',
  'problem.idempotencyKey': 'La clave de idempotencia debe tener de 8 a 128 caracteres (letras, dígitos, guiones).',
  'problem.transitionNotAllowed': 'No se puede pasar de «{from}» a «{to}».',
  'problem.transitionPrecondition': 'No se cumple una condición para este cambio de estado: {arg}',
  'problem.reasonRequired': 'Este cambio de estado requiere un motivo.',
  'problem.reviewDateRequired': 'Suspender un expediente requiere una fecha de revisión.',
  'problem.discardNeedsStatus': 'Para descartar, la condición debe ser «No es víctima de trata».',
  'problem.invalidCredentials': 'Usuario o contraseña incorrectos.',
  'problem.accountLocked': 'Cuenta bloqueada temporalmente por intentos fallidos. Inténtelo más tarde.',
  'problem.passwordChangeRequired': 'Debe cambiar su contraseña antes de continuar.',
  'problem.wrongPassword': 'La contraseña actual no es correcta.',
  'problem.samePassword': 'La nueva contraseña debe ser distinta de la actual.',
  'problem.personNotFound': 'La persona indicada no existe o no está a su alcance.',
  'problem.tooManyRequests': 'Demasiadas solicitudes. Espere un momento.',
  'problem.matchActionNotAllowed': 'Esta acción no es posible sobre una coincidencia en estado «{arg}».',
  'problem.internal': 'Error interno. No se guardó nada; inténtelo de nuevo.',
  'problem.unavailable': 'El servicio no está disponible en este momento.',
  'problem.contention': 'El sistema está atendiendo demasiados cambios a la vez. No se guardó nada; inténtelo de nuevo en unos segundos.',
  ...IMPORT_SERVER_MESSAGES.es,
  ...ACCESS_SERVER_MESSAGES.es,
  ...FOLLOWUP_MESSAGES_ES,
  ...EVIDENCE_SERVER_MESSAGES.es,
};

const en: Catalogue = {
  'invalid.required': 'This is required.',
  'invalid.type': 'Wrong type of value: expected {arg}.',
  'invalid.code': 'Not a valid code of the list "{arg}".',
  'invalid.duplicateValues': 'Some values are repeated.',
  'invalid.noValueAlone': '"Unknown", "Declined" or "Not applicable" cannot be combined with other values.',
  'invalid.tooLong': 'Too long (at most {arg} characters).',
  'invalid.tooShort': 'Too short.',
  'invalid.tooMany': 'Too many items.',
  'invalid.controlCharacters': 'Contains control characters that are not allowed.',
  'invalid.markup': 'HTML and tags are not accepted in this text.',
  'invalid.nameCharacters': 'A name may contain only letters, spaces, apostrophes, hyphens and dots.',
  'invalid.date': 'Invalid date: use YYYY-MM-DD with a day that exists.',
  'invalid.partialDate': 'Invalid date: use YYYY-MM-DD, YYYY-MM or YYYY, with a day that exists.',
  'invalid.dateInFuture': 'The date cannot be later than today.',
  'invalid.dateTooOld': 'The date is before 1900.',
  'invalid.ubigeo': 'Unknown INEI ubigeo (2, 4 or 6 digits).',
  'invalid.ubigeoOutsidePeru': 'Ubigeo is only used for places in Peru.',
  'invalid.country': 'Unknown country (3-letter ISO code).',
  'invalid.integer': 'Must be a whole number.',
  'invalid.age': 'Age must be between 0 and 120 years.',
  'invalid.dni': 'A DNI has 8 digits.',
  'invalid.ce': 'A foreigner card has 6 to 12 letters or digits.',
  'invalid.passport': 'A passport number has 6 to 20 letters or digits.',
  'invalid.documentNumber': 'Invalid document number.',
  'invalid.documentNumberRequired': 'Enter the document number.',
  'invalid.noDocumentHasNoNumber': '"No document" takes no number.',
  'invalid.personNeedsName': 'Record at least a name, a surname, an alias or a description to recognise the person.',
  'invalid.birthDateOrAge': 'Record the birth date or the estimated age, not both.',
  'invalid.personOrPersonId': 'Send either a new person or the id of a registered one, not both.',
  'invalid.id': 'Invalid identifier.',
  'invalid.version': 'Invalid version.',
  'invalid.weakPassword': 'The password needs at least 12 characters and three of: lower case, upper case, digits, symbols.',
  'invalid.unknownField': 'Unknown field: {arg}.',
  'invalid.value': 'Invalid value.',
  'invalid.minorInconsistent': 'Does not match the age given by the birth date.',
  'invalid.statusDeterminedOnBeforeDetection': 'The determination cannot precede the detection.',
  'problem.validation': 'The data sent is not valid.',
  'problem.malformedJson': 'The request body is not valid JSON.',
  'problem.bodyTooLarge': 'The request is too large.',
  'problem.unsupportedMediaType': 'Unsupported content type: send application/json.',
  'problem.notFound': 'Not found.',
  'problem.unauthenticated': 'Sign in to continue.',
  'problem.forbidden': 'You are not allowed to do this.',
  'problem.csrf': 'The CSRF token is missing or invalid. Reload the page.',
  'problem.versionConflict': 'Someone else changed this record (current version: {arg}). Reload and apply your changes again.',
  'problem.idempotencyMismatch': 'This idempotency key was already used for a different request.',
  'problem.idempotencyKey': 'The idempotency key must have 8 to 128 characters (letters, digits, hyphens).',
  'problem.transitionNotAllowed': 'Cannot move from "{from}" to "{to}".',
  'problem.transitionPrecondition': 'A condition for this change of state is not met: {arg}',
  'problem.reasonRequired': 'This change of state needs a reason.',
  'problem.reviewDateRequired': 'Suspending a case file needs a review date.',
  'problem.discardNeedsStatus': 'To discard, the status must be "Not a victim".',
  'problem.invalidCredentials': 'Wrong user name or password.',
  'problem.accountLocked': 'Account temporarily locked after failed attempts. Try again later.',
  'problem.passwordChangeRequired': 'You must change your password before going on.',
  'problem.wrongPassword': 'The current password is not correct.',
  'problem.samePassword': 'The new password must differ from the current one.',
  'problem.personNotFound': 'That person does not exist or is not within your reach.',
  'problem.tooManyRequests': 'Too many requests. Wait a moment.',
  'problem.matchActionNotAllowed': 'This cannot be done to a match in state "{arg}".',
  'problem.internal': 'Internal error. Nothing was saved; try again.',
  'problem.unavailable': 'The service is unavailable right now.',
  'problem.contention': 'The system is handling too many changes at once. Nothing was saved; try again in a few seconds.',
  ...IMPORT_SERVER_MESSAGES.en,
  ...ACCESS_SERVER_MESSAGES.en,
  ...FOLLOWUP_MESSAGES_EN,
  ...EVIDENCE_SERVER_MESSAGES.en,
};

export const MESSAGES: Record<Lang, Catalogue> = { es, en };

/**
 * Translates "key", "key:arg" or a key with named parameters. Unknown keys come back as they are,
 * so a message that is already text passes through.
 */
export function translate(keyWithArg: string, lang: Lang, params: Record<string, string> = {}): string {
  const colon = keyWithArg.indexOf(':');
  const key = colon === -1 ? keyWithArg : keyWithArg.slice(0, colon);
  let arg = colon === -1 ? (params.arg ?? '') : keyWithArg.slice(colon + 1);
  const template = MESSAGES[lang][key];
  if (template === undefined) return keyWithArg;
  if (key === 'invalid.code' && arg in CODE_LISTS) arg = listTitle(arg as CodeListName, lang);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'arg' ? arg : (params[name] ?? '')));
}

const LIST_TITLES: Record<CodeListName, [es: string, en: string]> = {
  sexo: ['sexo', 'sex'],
  identidadGenero: ['identidad de género', 'gender identity'],
  condicionTrata: ['condición de trata', 'trafficking status'],
  finalidadExplotacion: ['finalidad de explotación', 'legal purpose of exploitation'],
  tipoExplotacion: ['forma de explotación', 'form of exploitation'],
  medioControl: ['medios de control', 'means of control'],
  medioComisivo: ['medios comisivos', 'legal means'],
  metodoCaptacion: ['método de captación', 'recruitment method'],
  fuenteDeteccion: ['fuente de detección', 'detection source'],
  tipoDocumento: ['tipo de documento', 'document type'],
  tipoOrganizacion: ['tipo de organización', 'organisation type'],
  entidad: ['entidad', 'institution'],
  precisionFecha: ['precisión de fecha', 'date precision'],
  discapacidad: ['discapacidad', 'disability'],
  lengua: ['lengua', 'language'],
  entidadDetermina: ['entidad que determina', 'determining institution'],
  estadoExpediente: ['estado del expediente', 'case-file state'],
  siNo: ['sí / no', 'yes / no'],
  ...FOLLOWUP_LIST_TITLES,
};

export function listTitle(name: CodeListName, lang: Lang): string {
  return LIST_TITLES[name][lang === 'es' ? 0 : 1];
}

/** Picks Spanish or English from an Accept-Language header; Spanish unless English is preferred. */
export function negotiateLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'es';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'es';
}
