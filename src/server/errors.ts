// Errors that become application/problem+json answers. They carry message keys, translated when
// the answer is written, so a command never needs to know the reader's language.
import type { FieldError } from '../domain/validation.ts';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, string> = {},
    readonly fields: readonly { path: string; key: string }[] = [],
    /** Extra members of the problem document (e.g. the current version on a conflict). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

/** 404 for a record that does not exist and for one outside the user's reach: the same answer. */
export const notFound = () => new Problem(404, 'problem.notFound');

export const versionConflict = (current: number) => new Problem(409, 'problem.versionConflict', { arg: String(current) }, [], { currentVersion: current });

export const invalidFields = (fields: { path: string; key: string }[]) => new Problem(400, 'problem.validation', {}, fields);

/** A validation failure whose messages were already translated (zod issues). */
export class ValidationFailure extends Error {
  constructor(readonly errors: FieldError[]) {
    super('validation');
  }
}
