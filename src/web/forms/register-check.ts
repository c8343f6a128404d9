// The registration form's check: the shared schema's verdict and its messages in the reader's
// language. Loaded once the form is shown (screens/RegisterCase.tsx): zod, the schemas and the
// domain's messages and code lists in both languages are ~40 KB gzip that the first paint on a
// slow link (50 KB/s) need not wait for; the form is checked as soon as they have come.
import type { Lang } from '../../domain/code-lists.ts';
import { RegisterCaseRequest } from '../../domain/schemas.ts';
import type { FieldError } from '../../domain/validation.ts';
import { schemaErrors } from './errors.ts';

export function checkRegistration(request: unknown, lang: Lang): { data: RegisterCaseRequest | undefined; errors: FieldError[] } {
  const parsed = RegisterCaseRequest.safeParse(request);
  return parsed.success ? { data: parsed.data, errors: [] } : { data: undefined, errors: schemaErrors(parsed.error, request, lang) };
}
