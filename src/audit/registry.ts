/**
 * Every audit check, in the order they run. A check is added by writing its file and listing it in one of
 * the lists it is exported from (per-column checks, relational checks).
 */
import { InputError } from '../errors.js';
import type { Check } from './check.js';
import { columnChecks } from './checks/columns.js';

const lists: Check[][] = [columnChecks];

/** All registered checks (ids are unique). */
export function allChecks(): Check[] {
  return lists.flat() as Check[];
}

export interface CheckSelection {
  /** Run only these check ids. */
  include?: string[];
  /** Skip these check ids. */
  exclude?: string[];
}

/** The checks to run, validating that every named id exists. */
export function selectChecks(selection: CheckSelection = {}, checks: Check[] = allChecks()): Check[] {
  const ids = new Set(checks.map((c) => c.id));
  for (const id of [...(selection.include ?? []), ...(selection.exclude ?? [])]) {
    if (!ids.has(id) && !BUILTIN_IDS.includes(id)) {
      throw new InputError(`unknown check '${id}' (known: ${[...ids, ...BUILTIN_IDS].sort().join(', ')})`);
    }
  }
  const include = selection.include && selection.include.length > 0 ? new Set(selection.include) : null;
  const exclude = new Set(selection.exclude ?? []);
  return checks.filter((c) => (!include || include.has(c.id)) && !exclude.has(c.id));
}

/** Findings the runner itself raises (not checks): unreadable rows, and checks that failed. */
export const BUILTIN_IDS = ['malformed_rows', 'internal'];
