// Builds small XLSX files for the tests: a ZIP (stored or deflated entries) of the few XML parts
// Excel writes. Written independently of the reader, from the OOXML and ZIP specifications.
import { columnName, zip } from '../../src/server/exports/xlsx.ts';

export { columnName, zip };

export type Cell = string | number | boolean | null | { formula: string; cached?: string } | { inline: string } | { rich: string[] };

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Explicit row numbers (sparse sheets); defaults to 1, 2, 3… */
  rowNumbers?: number[];
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  date1904?: boolean;
  /** Store entries without compression. */
  stored?: boolean;
  /** Prefix every element of the sheet with "x:" (some generators do). */
  prefixed?: boolean;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildXlsx(spec: WorkbookSpec): Buffer {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const p = spec.prefixed ? 'x:' : '';
  const sheetXml = spec.sheets.map((sheet) => {
    const rows = sheet.rows
      .map((cells, r) => {
        const rowNumber = sheet.rowNumbers?.[r] ?? r + 1;
        const xmlCells = cells
          .map((cell, c) => {
            const ref = `${columnName(c)}${rowNumber}`;
            if (cell === null) return '';
            if (typeof cell === 'number') return `<${p}c r="${ref}"><${p}v>${cell}</${p}v></${p}c>`;
            if (typeof cell === 'boolean') return `<${p}c r="${ref}" t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
            if (typeof cell === 'string') {
              let index = sharedIndex.get(cell);
              if (index === undefined) {
                index = shared.length;
                shared.push(cell);
                sharedIndex.set(cell, index);
              }
              return `<${p}c r="${ref}" t="s"><${p}v>${index}</${p}v></${p}c>`;
            }
            if ('formula' in cell) {
              const cached = cell.cached === undefined ? '' : `<${p}v>${escapeXml(cell.cached)}</${p}v>`;
              return `<${p}c r="${ref}" t="str"><${p}f>${escapeXml(cell.formula)}</${p}f>${cached}</${p}c>`;
            }
            if ('inline' in cell) return `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t xml:space="preserve">${escapeXml(cell.inline)}</${p}t></${p}is></${p}c>`;
            // Rich text goes through shared strings as runs.
            const index = shared.length;
            shared.push(`\u0000rich\u0000${JSON.stringify(cell.rich)}`);
            return `<${p}c r="${ref}" t="s"><${p}v>${index}</${p}v></${p}c>`;
          })
          .join('');
        return `<${p}row r="${rowNumber}">${xmlCells}</${p}row>`;
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet xmlns${spec.prefixed ? ':x' : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}sheetData>${rows}</${p}sheetData></${p}worksheet>`;
  });
  const sharedXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">` +
    shared
      .map((s) => {
        if (s.startsWith('\u0000rich\u0000')) {
          const runs = JSON.parse(s.slice(6)) as string[];
          return `<si>${runs.map((t, i) => `<r>${i > 0 ? '<rPr><b/></rPr>' : ''}<t xml:space="preserve">${escapeXml(t)}</t></r>`).join('')}<rPh sb="0" eb="1"><t>ヨミ</t></rPh></si>`;
        }
        return `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`;
      })
      .join('') +
    '</sst>';
  const workbook =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    (spec.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
    `<sheets>${spec.sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${spec.sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  return zip(
    [
      { name: '[Content_Types].xml', data: utf8(contentTypes) },
      { name: 'xl/workbook.xml', data: utf8(workbook) },
      { name: 'xl/_rels/workbook.xml.rels', data: utf8(rels) },
      ...sheetXml.map((xml, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: utf8(xml) })),
      { name: 'xl/sharedStrings.xml', data: utf8(sharedXml) },
    ],
    spec.stored,
  );
}
