/**
 * Suggest a cleaning plan from audit findings: each finding that has a mechanical fix becomes a step,
 * with the finding as its reason. Findings that need judgment (conflicting labels, multivariate
 * outliers, skew, correlation) are left to the user and listed as not addressed. Browser-safe.
 */
import type { Schema } from '../data/schema.js';
import type { Finding } from '../report/finding.js';
import { isObject } from './frame-ops.js';
import { makePlan, type Plan, type PlanStep } from './plan.js';
import type { Strategy } from './steps/impute.js';

export interface SuggestOptions {
  target?: string;
  /** Imputation strategy for missing feature values (default median). */
  impute?: Strategy;
}

export interface Suggestion {
  plan: Plan;
  /** Findings a step addresses, by step index. */
  addressed: { step: number; check: string; columns: string[] }[];
  /** Findings no step addresses (they need judgment). */
  unaddressed: Finding[];
}

/** Columns missing in more than this share of rows are not imputed by a suggested plan. */
export const MAX_IMPUTE_SHARE = 0.5;
/** Text columns missing in more than this share of rows are not imputed (most-frequent fill) by a suggested plan. */
export const MAX_TEXT_IMPUTE_SHARE = 0.05;

const short = (f: Finding) => `${f.check}: ${f.message}`;

export function suggestPlan(findings: Finding[], schema: Schema, options: SuggestOptions = {}): Suggestion {
  const target = options.target;
  const steps: PlanStep[] = [];
  const addressed: Suggestion['addressed'] = [];
  const used = new Set<Finding>();
  const add = (step: PlanStep, fs: Finding[]) => {
    steps.push(step);
    for (const f of fs) {
      used.add(f);
      addressed.push({ step: steps.length - 1, check: f.check, columns: f.columns });
    }
  };
  const kind = new Map(schema.columns.map((c) => [c.name, c.type]));
  const by = (check: string) => findings.filter((f) => f.check === check);

  // 1. Numbers stored as text.
  const types = by('mixed_types').filter(
    (f) =>
      isObject(f.evidence) &&
      f.evidence.numbers !== undefined &&
      f.columns[0] &&
      !['numeric', 'integer'].includes(kind.get(f.columns[0]) ?? ''),
  );
  if (types.length > 0)
    add(
      {
        step: 'fix_types',
        // Converted only where at least 90% of the values read as numbers; others stay text.
        options: { columns: Object.fromEntries(types.map((f) => [f.columns[0]!, 'number'])), min_share: 0.9 },
        reason: types.map(short).join('; '),
      },
      types,
    );

  // 2. Null spellings and sentinel values.
  // Info-level placeholders are zeros, usually real values (no garage: area 0); only warnings become steps.
  const disguised = by('disguised_missing').filter(
    (f) => f.severity !== 'info' && f.columns[0] && f.columns[0] !== target,
  );
  if (disguised.length > 0) {
    const columns: Record<string, { tokens?: string[]; values?: number[] }> = {};
    for (const f of disguised) {
      const e = f.evidence ?? {};
      if (!columns[f.columns[0]!]) columns[f.columns[0]!] = {};
      const spec = columns[f.columns[0]!]!;
      if (Array.isArray(e.placeholders))
        spec.values = [
          ...(spec.values ?? []),
          ...(e.placeholders as { value: unknown }[])
            .map((p) => p.value)
            .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
        ];
      if (Array.isArray(e.spellings))
        spec.tokens = [
          ...(spec.tokens ?? []),
          ...(e.spellings as { value: unknown }[])
            .map((s) => s.value)
            .filter((v): v is string => typeof v === 'string'),
        ];
    }
    add(
      { step: 'normalize_missing', options: { columns }, reason: disguised.map(short).join('; ') },
      disguised,
    );
  }

  // 3. One spelling per category.
  const variants = by('category_variants').filter((f) => f.columns[0] && f.columns[0] !== target);
  if (variants.length > 0)
    add(
      {
        step: 'normalize_categories',
        options: { columns: variants.map((f) => f.columns[0]!) },
        reason: variants.map(short).join('; '),
      },
      variants,
    );

  // 4. Columns a model must not use: leaked, constant, identifiers.
  const drop = [
    ...by('target_leakage'),
    ...by('constant_column').filter((f) => f.columns[0] !== target),
    ...by('id_column').filter((f) => f.columns[0] !== target),
  ].filter((f) => f.columns[0]);
  const dropped = [...new Set(drop.map((f) => f.columns[0]!))];
  if (dropped.length > 0) {
    const reasons = Object.fromEntries(
      dropped.map((c) => [
        c,
        drop
          .filter((f) => f.columns[0] === c)
          .map((f) =>
            f.check === 'target_leakage'
              ? 'leaks the target'
              : f.check === 'constant_column'
                ? 'constant'
                : 'identifier',
          )
          .join(', '),
      ]),
    );
    add(
      { step: 'drop_columns', options: { columns: dropped, reasons }, reason: drop.map(short).join('; ') },
      drop,
    );
  }

  // 5. Rows without a target.
  const missing = by('missing_values');
  const targetMissing = missing.filter(
    (f) => target !== undefined && f.columns.length === 1 && f.columns[0] === target,
  );
  if (targetMissing.length > 0)
    add(
      { step: 'drop_missing', options: { columns: [target!] }, reason: targetMissing.map(short).join('; ') },
      targetMissing,
    );

  // 6. Repeated rows (compared on the columns the audit compared).
  const dups = by('duplicate_rows');
  if (dups.length > 0) {
    const ignored = dups.flatMap((f) =>
      Array.isArray(f.evidence?.ignoredColumns) ? (f.evidence!.ignoredColumns as string[]) : [],
    );
    const columns = schema.columns
      .map((c) => c.name)
      .filter((c) => !dropped.includes(c) && !ignored.includes(c));
    add(
      {
        step: 'drop_duplicates',
        options: ignored.length > 0 ? { columns } : {},
        reason: dups.map(short).join('; '),
      },
      dups,
    );
  }

  // 7. Outliers beyond the audit's fences (warnings only: info-level outliers are usually real values).
  const outl = by('outliers').filter(
    (f) =>
      f.severity !== 'info' && f.columns[0] && f.columns[0] !== target && Array.isArray(f.evidence?.fences),
  );
  if (outl.length > 0) {
    const bounds = Object.fromEntries(
      outl.map((f) => [
        f.columns[0]!,
        (f.evidence!.fences as (number | null)[]).map((x) =>
          typeof x === 'number' && Number.isFinite(x) ? x : null,
        ),
      ]),
    );
    add(
      {
        step: 'outliers',
        options: { columns: Object.keys(bounds), action: 'clip', bounds },
        reason: outl.map(short).join('; '),
      },
      outl,
    );
  }

  // 8. Missing feature values: impute every usable feature (knn and iterative learn from all of them).
  const featureMissing = missing.filter(
    (f) => f.columns.length === 1 && f.columns[0] !== target && !dropped.includes(f.columns[0]!),
  );
  const incomplete = by('missing_values').filter((f) => f.columns.length > 1);
  // Cells set to missing by normalize_missing are imputed too (the audit's fix: "replace ..., then impute").
  const madeMissing = disguised.filter((f) => !dropped.includes(f.columns[0]!));
  if (featureMissing.length > 0 || madeMissing.length > 0) {
    // Columns mostly missing are left as they are (a fill would invent most of the column), and so are text
    // columns with more than a few missing cells (their most frequent value would distort them).
    const share = (c: Schema['columns'][number]) => c.missing / Math.max(1, schema.rows);
    const usable = schema.columns.filter(
      (c) =>
        c.role === 'feature' && c.type !== 'text' && c.type !== 'identifier' && !dropped.includes(c.name),
    );
    const isText = (c: Schema['columns'][number]) => c.type === 'categorical';
    const columns = usable
      .filter((c) => share(c) <= MAX_IMPUTE_SHARE && (!isText(c) || share(c) <= MAX_TEXT_IMPUTE_SHARE))
      .map((c) => c.name);
    const skipped = new Set(usable.filter((c) => !columns.includes(c.name)).map((c) => c.name));
    const fill = featureMissing.filter((f) => !skipped.has(f.columns[0]!));
    const filled = madeMissing.filter((f) => !skipped.has(f.columns[0]!));
    if (fill.length > 0 || filled.length > 0)
      add(
        {
          step: 'impute',
          options: { strategy: options.impute ?? 'median', columns },
          reason: [
            ...fill.map(short),
            ...(filled.length > 0
              ? [`fill the cells set to missing in ${filled.map((f) => f.columns[0]).join(', ')}`]
              : []),
          ].join('; '),
        },
        [...fill, ...(skipped.size === 0 ? incomplete : [])],
      );
  }

  return { plan: makePlan(steps, target), addressed, unaddressed: findings.filter((f) => !used.has(f)) };
}
