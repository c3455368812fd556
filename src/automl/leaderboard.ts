/** The leaderboard: best trial per learner (and the ensemble when kept), and every trial as CSV. Browser-safe. */

import type { SearchResult, Trial } from './search.js';
import type { Params } from './space.js';

export interface LeaderboardEntry {
  model: string;
  params: Params;
  cv: { mean: number; std: number };
  fitSeconds: number;
  /** Trials run for this learner. */
  trials: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Trials confirmed on fresh folds rank first (their scores are not inflated by the search's selection on
 * one set of folds), then by loss, then by trial number.
 */
const before = (a: Trial, b: Trial) =>
  a.confirmed !== b.confirmed ? a.confirmed : a.loss !== b.loss ? a.loss < b.loss : a.id < b.id;

/** Best trial per learner, best first; the kept ensemble on top of its members. */
export function leaderboard(s: SearchResult): LeaderboardEntry[] {
  const bestBy = new Map<string, Trial>();
  const count = new Map<string, number>();
  for (const t of s.trials) {
    count.set(t.learner, (count.get(t.learner) ?? 0) + 1);
    const b = bestBy.get(t.learner);
    if (!b || before(t, b)) bestBy.set(t.learner, t);
  }
  const rows: (LeaderboardEntry & { loss: number; rank: number })[] = [...bestBy.values()].map((t) => ({
    model: t.learner,
    params: t.params,
    cv: { mean: finite(t.mean) as number, std: finite(t.std) as number },
    fitSeconds: t.fitSeconds,
    trials: count.get(t.learner)!,
    loss: t.loss,
    rank: t.confirmed ? 1 : 0,
  }));
  const e = s.ensemble;
  if (e?.kept) {
    const mean = e.scores.reduce((a, b) => a + b, 0) / e.scores.length;
    const std = Math.sqrt(e.scores.reduce((a, b) => a + (b - mean) ** 2, 0) / e.scores.length);
    const byId = new Map(s.trials.map((t) => [t.id, t]));
    rows.push({
      model: 'ensemble',
      params: {
        members: e.members.map((m) => ({
          model: byId.get(m.trial)!.learner,
          trial: m.trial,
          weight: m.weight,
        })),
      },
      cv: { mean, std },
      fitSeconds: e.members.reduce((a, m) => a + byId.get(m.trial)!.fitSeconds, 0),
      trials: 1,
      loss: Number.NEGATIVE_INFINITY,
      rank: 2,
    });
  }
  rows.sort((a, b) => b.rank - a.rank || a.loss - b.loss || a.model.localeCompare(b.model));
  return rows.map(({ loss: _l, rank: _r, ...r }) => r);
}

function csvCell(v: unknown): string {
  const s =
    typeof v === 'string'
      ? v
      : v === null || v === undefined
        ? ''
        : typeof v === 'number'
          ? Number.isFinite(v)
            ? String(v)
            : ''
          : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every trial, best first: rank, trial, model, cv_mean, cv_std, per-fold scores, repeats, confirmed, sample_size, fit_seconds, params (JSON). */
export function leaderboardCsv(s: SearchResult): string {
  const sorted = [...s.trials].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const header = [
    'rank',
    'trial',
    'model',
    `cv_${s.metric}_mean`,
    `cv_${s.metric}_std`,
    'fold_scores',
    'repeats',
    'confirmed',
    'sample_size',
    'fit_seconds',
    'params',
  ];
  const lines = [header.join(',')];
  sorted.forEach((t, i) => {
    lines.push(
      [
        i + 1,
        t.id,
        t.learner,
        t.mean,
        t.std,
        t.scores.map((x) => Number(x.toPrecision(6))).join(' '),
        t.repeats,
        t.confirmed,
        t.sampleSize,
        Number(t.fitSeconds.toFixed(3)),
        JSON.stringify(t.params),
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}
