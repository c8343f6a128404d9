// Expects `fn` to refuse its input with the given ImportFileError key, and returns the error.
import assert from 'node:assert/strict';
import { ImportFileError } from '../../src/importers/errors.ts';

export function fails(fn: () => unknown, key: string): ImportFileError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ImportFileError, `expected ImportFileError, got ${String(error)}`);
    assert.equal(error.key, key, error.message);
    return error;
  }
  assert.fail(`expected ${key}`);
}
