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
  },
  en: {
    'problem.quarantineClosed': 'This row is no longer in quarantine (it was corrected, discarded or replaced).',
    'problem.quarantineColumns': 'The row has no such columns: {columns}.',
    'problem.importFile': '{detail}',
    'problem.unknownProfile': 'Unknown import profile: "{profile}".',
    'problem.invalidProfile': 'The import profile is not valid.',
    'problem.fileEncoding': 'The file must be sent in base64.',
  },
};
