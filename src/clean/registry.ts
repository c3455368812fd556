/** Every cleaning step by its stable name (the name in plan.json and in artifacts). Adding a step = one import and one entry. */
import { InputError } from '../errors.js';
import { dateParts } from './steps/date-parts.js';
import { dropColumns } from './steps/drop-columns.js';
import { dropDuplicates } from './steps/drop-duplicates.js';
import { dropMissing } from './steps/drop-missing.js';
import { encode } from './steps/encode.js';
import { fixTypes } from './steps/fix-types.js';
import { impute } from './steps/impute.js';
import { normalizeCategories } from './steps/normalize-categories.js';
import { normalizeMissing } from './steps/normalize-missing.js';
import { outliers } from './steps/outliers.js';
import { scale } from './steps/scale.js';
import type { Params, StepDef } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: steps differ in their params types
type AnyStep = StepDef<any>;

export const steps: Record<string, AnyStep> = Object.fromEntries(
  [
    fixTypes,
    normalizeMissing,
    normalizeCategories,
    dropColumns,
    dropMissing,
    dropDuplicates,
    outliers,
    impute,
    dateParts,
    encode,
    scale,
  ].map((s) => [s.name, s]),
);

/** Names of the registered steps, sorted. */
export function stepNames(): string[] {
  return Object.keys(steps).sort();
}

/** The step named `name`, or an InputError listing the known steps. */
export function stepDef(name: string, where = 'plan'): StepDef<Params> {
  const s = steps[name];
  if (!s) throw new InputError(`${where}: unknown step '${name}' (known: ${stepNames().join(', ')})`);
  return s;
}
