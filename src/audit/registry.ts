/**
 * Every audit check, in the order they run. A check is added by writing its file and listing it in one of
 * the lists it is exported from (per-column checks, relational checks).
 */
import { InputError } from '../errors.js';
import type { Check } from './check.js';
import { columnChecks } from './checks/column-checks.js';
import { relationalChecks } from './checks/relational-checks.js';

const lists: Check[][] = [columnChecks, relationalChecks];

/** All registered checks (ids are unique). */
export function allChecks(): Check[] {
  const checks = lists.flat() as Check[];
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new Error(`two checks share the id '${c.id}'`);
    seen.add(c.id);
  }
  return checks;
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
