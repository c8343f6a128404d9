// A synthetic import profile of a police station's spreadsheet (semicolons; number, name, sex, age,
// date, department, type), as an administrator would save it for her agency.
export function policeStationProfile(id: string, name: { es: string; en: string }) {
  return {
    id,
    name,
    synthetic: true,
    source: 'PNP-COMISARIA',
    file: { format: 'csv', encoding: 'auto', delimiter: ';' },
    recordId: 'NRO',
    fields: { fullName: 'NOMBRE', sex: 'SEXO', age: 'EDAD', detectionDate: 'FECHA', detectionPlace: { column: 'DPTO', level: 'department', codes: 'NAME' }, exploitationTypes: 'TIPO' },
    codes: { sex: { '1': 'MUJER', '2': 'HOMBRE' }, exploitationTypes: { TL: 'LABORAL' } },
    defaults: { nationality: 'PER', detectionSource: 'DENUNCIA_DE_TERCERO' },
  };
}
