// A small streaming reader for the XML that XLSX files hold (sheets, shared strings, workbook,
// relationships): elements, attributes, text, entities, CDATA; comments, processing instructions
// and DOCTYPE skipped. No DTD, no external entities: nothing in a file can make it fetch or expand.

export interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>, selfClosing: boolean) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

export class XmlError extends Error {
  constructor(readonly offset: number, message: string) {
    super(`${message} at ${offset}`);
  }
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** The name without its namespace prefix ("x:row" → "row"): some writers prefix every element. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTRIBUTE.exec(source)) !== null) {
    const name = m[1] as string;
    // Keep prefixed attributes under both names ("r:id" and "id") only when unprefixed is free.
    const value = decodeEntities(m[2] ?? m[3] ?? '');
    attributes[name] = value;
    const local = localName(name);
    if (!(local in attributes)) attributes[local] = value;
  }
  return attributes;
}

/** End of a tag, skipping '>' inside quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** Walks the document once, calling the handlers. Throws XmlError on a truncated or broken document. */
export function scanXml(xml: string, handlers: XmlHandlers): void {
  const stack: string[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i && handlers.text && stack.length > 0) handlers.text(decodeEntities(xml.slice(i, textEnd)));
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) throw new XmlError(lt, 'unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) throw new XmlError(lt, 'unterminated CDATA');
      if (handlers.text && stack.length > 0) handlers.text(xml.slice(lt + 9, end));
      i = end + 3;
      continue;
    }
    if (xml[lt + 1] === '?' || xml[lt + 1] === '!') {
      const end = tagEnd(xml, lt + 2);
      if (end === -1) throw new XmlError(lt, 'unterminated declaration');
      i = end + 1;
      continue;
    }
    const end = tagEnd(xml, lt + 1);
    if (end === -1) throw new XmlError(lt, 'unterminated tag');
    if (xml[lt + 1] === '/') {
      const name = localName(xml.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (open !== name) throw new XmlError(lt, `closing </${name}> does not match <${open ?? ''}>`);
      handlers.close?.(name);
    } else {
      const selfClosing = xml[end - 1] === '/';
      const body = xml.slice(lt + 1, selfClosing ? end - 1 : end);
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw new XmlError(lt, 'element without a name');
      const name = localName(nameMatch[0]);
      const attributes = parseAttributes(body.slice(nameMatch[0].length));
      handlers.open?.(name, attributes, selfClosing);
      if (selfClosing) handlers.close?.(name);
      else stack.push(name);
    }
    i = end + 1;
  }
  if (stack.length > 0) throw new XmlError(n, `document ends inside <${stack[stack.length - 1] ?? ''}>`);
}
