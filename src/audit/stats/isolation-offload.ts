/**
 * Isolation-forest scores computed on a worker thread, leaving the main thread free to drive the audit's
 * database queries meanwhile. The worker runs the same seeded code on a copy of the columns, so the scores
 * are exactly those computed in place; small inputs (where starting a thread costs more than it saves) and
 * any failure to run the worker fall back to computing in place.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fitIsolationForest, type IsolationForestOptions, isolationScores } from './isolation-forest.js';

/** Rows from which scoring moves to a worker thread (below, a few milliseconds of work). */
export const OFFLOAD_ROWS = 20_000;

function inPlace(columns: Float64Array[], nRows: number, options: IsolationForestOptions): Float64Array {
  return isolationScores(fitIsolationForest(columns, nRows, options), columns, nRows);
}

/**
 * How to start the worker module beside this one: compiled JavaScript as it is; TypeScript (tests, tsx)
 * through tsx's loader, registered in the worker before the module is imported.
 */
function workerModule(): { target: URL | string; eval: boolean } | null {
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(`./isolation-worker.${source ? 'ts' : 'js'}`, import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return null;
  if (!source) return { target: url, eval: false };
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return { target: code, eval: true };
}

/**
 * Fit an isolation forest and score every row (as `isolationScores(fitIsolationForest(...))`), on a worker
 * thread when there are at least `minRows` rows.
 */
export async function isolationScoresOffThread(
  columns: Float64Array[],
  nRows: number,
  options: IsolationForestOptions = {},
  minRows = OFFLOAD_ROWS,
): Promise<Float64Array> {
  if (nRows < minRows || !workerModule()) return inPlace(columns, nRows, options);
  try {
    return await scoreOnWorker(columns, nRows, options);
  } catch {
    return inPlace(columns, nRows, options);
  }
}

/** The scores computed on a worker thread (rejects when the worker cannot run). */
export function scoreOnWorker(
  columns: Float64Array[],
  nRows: number,
  options: IsolationForestOptions = {},
): Promise<Float64Array> {
  const mod = workerModule();
  if (!mod) return Promise.reject(new Error('isolation forest worker module not found'));
  return new Promise<Float64Array>((resolve, reject) => {
    const worker = new Worker(mod.target, { eval: mod.eval, workerData: { columns, nRows, options } });
    worker.once('message', (scores: Float64Array) => {
      resolve(scores);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`isolation forest worker exited with code ${code}`)));
  });
}
