// Server messages of imports (files, quarantine, HTTP upload), Spanish first, English complete.
// The import layer's own per-field texts live in src/importers/messages.ts.

export const IMPORT_SERVER_MESSAGES: { es: Record<string, string>; en: Record<string, string> } = {
  es: {
    'problem.quarantineClosed': 'Esta fila ya no está en cuarentena (fue corregida, descartada o reemplazada).',
    'problem.quarantineColumns': 'La fila no tiene estas columnas: {columns}.',
    'problem.importFile': '{detail}',
    'problem.unknownProfile': 'Perfil de importación desconocido: «{profile}».',
    'problem.invalidProfile': 'El perfil de importación no es válido.',
    'problem.fileEncoding': 'El archivo debe enviarse en base64.',
    'apiClient.peopleOnlyRole': 'Un sistema no puede tener este rol: administra, audita o rompe el vidrio, y eso lo hacen personas.',
    'apiClient.needsImport': 'Al menos uno de los roles debe permitir importar registros.',
    'invalid.unknownUnit': 'Esa unidad no existe o está fuera de su ámbito.',
    'problem.apiToken': 'Falta un token de acceso válido (OAuth2, credenciales de cliente).',
    'problem.apiScope': 'El token no tiene el alcance «{scope}».',
    'problem.apiClientOnly': 'Esta ruta es para los sistemas de las instituciones (token de cliente), no para una sesión.',
    'problem.profileExists': 'Ya existe un perfil con el identificador «{profile}».',
    'apiClient.needsRead': 'Para leer registros, al menos uno de los roles debe permitir ver expedientes.',
    'problem.invalidCursor': 'El cursor no es válido: use el que devolvió la respuesta anterior, tal cual.',
  },
  en: {
    'problem.quarantineClosed': 'This row is no longer in quarantine (it was corrected, discarded or replaced).',
    'problem.quarantineColumns': 'The row has no such columns: {columns}.',
    'problem.importFile': '{detail}',
    'problem.unknownProfile': 'Unknown import profile: "{profile}".',
    'problem.invalidProfile': 'The import profile is not valid.',
    'problem.fileEncoding': 'The file must be sent in base64.',
    'apiClient.peopleOnlyRole': 'A system cannot hold this role: it administers, audits or breaks the glass, which people do.',
    'apiClient.needsImport': 'At least one of the roles must allow importing records.',
    'invalid.unknownUnit': 'No such unit, or it is outside your scope.',
    'problem.apiToken': 'A valid access token is missing (OAuth2 client credentials).',
    'problem.apiScope': 'The token lacks the scope "{scope}".',
    'problem.apiClientOnly': 'This route is for agencies\' systems (a client token), not for a session.',
    'problem.profileExists': 'A profile with the id "{profile}" already exists.',
    'apiClient.needsRead': 'To read records, at least one of the roles must allow reading case files.',
    'problem.invalidCursor': 'The cursor is not valid: give back the one the previous answer returned, as it was.',
  },
};
