import type { CodeListName } from '../../domain/code-lists.ts';
import type { Labels } from '../lib/code-lists.ts';
import type { Option } from './fields.tsx';

export function optionsOf(labels: Labels, list: CodeListName, options: { withoutNoValue?: boolean } = {}): Option[] {
  return labels
    .values(list)
    .filter((v) => !(options.withoutNoValue && v.noValue))
    .map((v) => ({ value: v.code, label: v[labels.lang] }));
}

/** The codes that stand alone in a multi-select (unknown, declined, not applicable). */
export function noValueCodes(labels: Labels, list: CodeListName): ReadonlySet<string> {
  return new Set(labels.values(list).filter((v) => v.noValue).map((v) => v.code));
}

export function departmentOptions(labels: Labels): Option[] {
  return labels.data.departments.map((d) => ({ value: d.code, label: d.name }));
}
