import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBytes, firstInvalidUtf8, normaliseEncodingName } from '../../src/importers/decode.ts';
import { fails } from './fails.ts';

const TEXT = 'NOMBRES;APELLIDO PATERNO\nMaría José;Núñez\nÑusta;Peña\n';

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return be;
}


describe('decoding: what agencies send', () => {
  test('UTF-8 without BOM', () => {
    const d = decodeBytes(Buffer.from(TEXT, 'utf8'));
    assert.deepEqual([d.text, d.encoding, d.bom], [TEXT, 'utf-8', false]);
  });

  test('UTF-8 with BOM: the BOM is removed', () => {
    const d = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]));
    assert.deepEqual([d.text, d.encoding, d.bom], [TEXT, 'utf-8', true]);
  });

  test('UTF-16 LE and BE with BOM', () => {
    const le = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    assert.deepEqual([le.text, le.encoding, le.bom], [TEXT, 'utf-16le', true]);
    const be = decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]));
    assert.deepEqual([be.text, be.encoding, be.bom], [TEXT, 'utf-16be', true]);
  });

  test('UTF-16 LE without BOM is recognised by its zero bytes', () => {
    const d = decodeBytes(Buffer.from(TEXT, 'utf16le'));
    assert.deepEqual([d.text, d.encoding], [TEXT, 'utf-16le']);
  });

  test('Windows-1252 detected when the bytes are not UTF-8', () => {
    const bytes = Buffer.from(TEXT, 'latin1');
    assert.ok(firstInvalidUtf8(bytes) >= 0);
    const d = decodeBytes(bytes);
    assert.deepEqual([d.text, d.encoding], [TEXT, 'windows-1252']);
  });

  test('Windows-1252 characters outside Latin-1 (€, curly quotes, en dash)', () => {
    // 0x80 €, 0x93 “, 0x94 ”, 0x96 – in Windows-1252.
    const bytes = Buffer.from([0x4e, 0x4f, 0x54, 0x41, 0x0a, 0x80, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96, 0x0a]);
    const d = decodeBytes(bytes, { declared: 'windows-1252' });
    assert.equal(d.text, 'NOTA\n€ “x” –\n');
  });

  test('Latin-1 declared is read as Windows-1252; ASCII-only files decode under any declaration', () => {
    assert.equal(decodeBytes(Buffer.from(TEXT, 'latin1'), { declared: 'latin-1' }).text, TEXT);
    assert.equal(decodeBytes(Buffer.from('a,b\n1,2\n'), { declared: 'windows-1252' }).text, 'a,b\n1,2\n');
    assert.equal(decodeBytes(Buffer.from('a,b\n1,2\n'), { declared: 'utf-8' }).text, 'a,b\n1,2\n');
  });

  test('invalid UTF-8 declared as UTF-8 names the byte and the line', () => {
    const bytes = Buffer.concat([Buffer.from('a;b\nok;ok\n', 'utf8'), Buffer.from('Pe\xf1a;x\n', 'latin1')]);
    const error = fails(() => decodeBytes(bytes, { declared: 'utf-8', file: 'f.csv' }), 'import.encodingMismatch');
    assert.equal(error.position.line, 3);
    assert.equal(error.position.offset, 12);
    assert.match(error.es, /^f\.csv, línea 3: .*byte 13, línea 3/);
    assert.match(error.en, /^f\.csv, line 3: .*byte 13, line 3/);
  });

  test('a UTF-8 BOM followed by invalid UTF-8 is an error, not a guess', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\nb\xe9\n', 'latin1')]);
    const error = fails(() => decodeBytes(bytes, { file: 'g.csv' }), 'import.invalidUtf8');
    assert.equal(error.position.line, 2);
    assert.match(error.en, /Invalid UTF-8 text \(byte 7, line 2\)/);
  });

  test('UTF-8 bytes declared as Windows-1252 are refused, not turned into mojibake', () => {
    const error = fails(() => decodeBytes(Buffer.from(TEXT, 'utf8'), { declared: 'windows-1252' }), 'import.encodingMismatch');
    assert.equal(error.position.line, 2);
  });

  test('a BOM that contradicts the declaration is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    fails(() => decodeBytes(bytes, { declared: 'utf-16le' }), 'import.encodingMismatch');
    fails(() => decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), { declared: 'utf-8' }), 'import.encodingMismatch');
  });

  test('8-bit text declared as UTF-16 is refused', () => {
    fails(() => decodeBytes(Buffer.from('NOMBRES,EDAD\nAna,17\n', 'latin1'), { declared: 'utf-16le' }), 'import.encodingMismatch');
  });

  test('empty, BOM-only, blank, odd UTF-16 and binary files', () => {
    fails(() => decodeBytes(Buffer.alloc(0)), 'import.emptyFile');
    fails(() => decodeBytes(Buffer.from([0xef, 0xbb, 0xbf])), 'import.emptyFile');
    fails(() => decodeBytes(Buffer.from(' \n\r\n ')), 'import.emptyFile');
    fails(() => decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x41])])), 'import.utf16Odd');
    const error = fails(() => decodeBytes(Buffer.from('a,b\n1,\u00002\n', 'latin1')), 'import.binaryFile');
    assert.equal(error.position.line, 2);
  });

  test('encoding names as people write them', () => {
    assert.equal(normaliseEncodingName('UTF8'), 'utf-8');
    assert.equal(normaliseEncodingName('cp1252'), 'windows-1252');
    assert.equal(normaliseEncodingName('ISO-8859-1'), 'iso-8859-1');
    assert.equal(normaliseEncodingName('latin1'), 'latin-1');
    assert.equal(normaliseEncodingName('ebcdic'), undefined);
  });

  test('firstInvalidUtf8 finds overlong forms, surrogates and truncated sequences', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('añ€😀', 'utf8')), -1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf])), 1); // overlong "/"
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1); // surrogate
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82])), 2); // truncated €
    assert.equal(firstInvalidUtf8(Buffer.from([0xf5, 0x80, 0x80, 0x80])), 0); // above U+10FFFF
  });
});
