/**
 * Node only: split a large batch of rows between the calling thread and worker threads, each running the
 * same compiled kernels (codegen.ts) on its own rows, so the scores are those of a single thread bit for
 * bit. The call stays synchronous: each worker's rows and initial scores are copied into a
 * SharedArrayBuffer, the worker is sent the generated source once per forest, the calling thread scores its
 * own share meanwhile, then blocks on Atomics.wait until each worker is done and copies its scores back.
 * No static Node import: worker_threads and os come from `process.getBuiltinModule` (Node >= 20.16), so this
 * module loads anywhere and simply declines (returns false) in browsers and older Nodes. Workers are
 * started on first use, kept for later calls and unref'd, so they never keep the process alive.
 */
import type { FeatureMatrix } from '../types.js';
import { runKernels } from './codegen.js';
import type { CompiledForest } from './predict.js';

interface WorkerLike {
  postMessage(message: unknown): void;
  unref(): void;
  terminate(): unknown;
  on(event: string, listener: (...args: unknown[]) => void): void;
}

interface NodeBuiltins {
  Worker: new (code: string, options: { eval: boolean }) => WorkerLike;
  cores: number;
}

/** The worker's program: compile posted forests (a few kept by id), score posted rows, signal completion. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const forests = new Map();
const BLOCK = 8192;
parentPort.on('message', (msg) => {
  if (msg.type === 'forest') {
    forests.set(msg.id, new Function('B', 'L', msg.source)(msg.bits, msg.leaves));
    if (forests.size > 8) forests.delete(forests.keys().next().value);
    return;
  }
  const ctrl = new Int32Array(msg.ctrl);
  try {
    const kernels = forests.get(msg.id);
    const { m, nCols, K } = msg;
    const cols = [];
    for (let j = 0; j < nCols; j++) cols.push(new Float64Array(msg.data, j * m * 8, m));
    const out = new Float64Array(msg.data, nCols * m * 8, m * K);
    for (let b = 0; b < m; b += BLOCK) {
      const e = Math.min(m, b + BLOCK);
      for (const k of kernels) k(cols, out, b, e);
    }
    Atomics.store(ctrl, 0, 1);
  } catch {
    Atomics.store(ctrl, 0, 2);
  }
  Atomics.notify(ctrl, 0);
});
`;

let builtins: NodeBuiltins | null | undefined;
const pool: { worker: WorkerLike; forests: Set<number>; broken: boolean }[] = [];

function nodeBuiltins(): NodeBuiltins | null {
  if (builtins !== undefined) return builtins;
  builtins = null;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function' || typeof SharedArrayBuffer === 'undefined') return null;
  try {
    const wt = proc.getBuiltinModule('node:worker_threads') as { Worker: NodeBuiltins['Worker'] } | undefined;
    const os = proc.getBuiltinModule('node:os') as
      | { availableParallelism?: () => number; cpus: () => unknown[] }
      | undefined;
    if (!wt?.Worker || !os) return null;
    builtins = { Worker: wt.Worker, cores: os.availableParallelism?.() ?? os.cpus().length };
  } catch {
    builtins = null;
  }
  return builtins;
}

/** Up to n live workers (fewer if starting one fails). */
function workers(b: NodeBuiltins, n: number): typeof pool {
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i]!.broken) pool.splice(i, 1);
  while (pool.length < n) {
    try {
      const worker = new b.Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      const entry = { worker, forests: new Set<number>(), broken: false };
      worker.on('error', () => {
        entry.broken = true;
      });
      worker.on('exit', () => {
        entry.broken = true;
      });
      pool.push(entry);
    } catch {
      break;
    }
  }
  return pool.slice(0, n);
}

/** Longest wait for one worker's share before scoring it here instead. */
const WAIT_MS = 120_000;

/**
 * Add the compiled forest's outputs to out (row-major, K per row, holding initial scores) for the rows of
 * X using `threads` workers ('auto': all cores but one) plus this thread. false (out untouched) when worker
 * threads are unavailable; the caller then scores on one thread. Rows go in rounds of `span` rows.
 */
export function parallelForestScores(
  c: CompiledForest,
  K: number,
  X: FeatureMatrix,
  out: Float64Array,
  threads: 'auto' | number,
  span = SPAN,
): boolean {
  const b = nodeBuiltins();
  if (!b) return false;
  const want = threads === 'auto' ? Math.min(7, b.cores - 1) : Math.max(0, Math.floor(threads));
  const n = X.nRows;
  if (want <= 0 || n < 2) return false;
  const ws = workers(b, Math.min(want, n - 1));
  if (ws.length === 0) return false;
  for (let a = 0; a < n; a += span) scoreSpan(c, K, X, out, a, Math.min(n, a + span), ws);
  return true;
}

/** Rows per round trip: bounds the copies to shared memory (about SPAN x features doubles). */
const SPAN = 262_144;

/** Score rows a..b-1: the live workers take equal shares at the end, this thread the rest. */
function scoreSpan(
  c: CompiledForest,
  K: number,
  X: FeatureMatrix,
  out: Float64Array,
  a: number,
  b: number,
  ws: typeof pool,
): void {
  const live = ws.filter((w) => !w.broken);
  const nCols = X.columns.length;
  const jobs: {
    entry: (typeof pool)[number];
    from: number;
    m: number;
    data: Float64Array;
    ctrl: Int32Array;
  }[] = [];
  const per = Math.ceil((b - a) / (live.length + 1));
  let from = b;
  for (const entry of live) {
    const m = Math.min(per, from - a);
    if (m <= 0) break;
    from -= m;
    const data = new Float64Array(new SharedArrayBuffer(8 * m * (nCols + K)));
    for (let j = 0; j < nCols; j++) data.set(X.columns[j]!.subarray(from, from + m), j * m);
    data.set(out.subarray(from * K, (from + m) * K), nCols * m);
    const ctrl = new Int32Array(new SharedArrayBuffer(4));
    if (!entry.forests.has(c.id)) {
      const { source, bits, leaves } = c.src;
      entry.worker.postMessage({ type: 'forest', id: c.id, source, bits, leaves });
      entry.forests.add(c.id);
    }
    entry.worker.postMessage({ type: 'rows', id: c.id, data: data.buffer, ctrl: ctrl.buffer, m, nCols, K });
    jobs.push({ entry, from, m, data, ctrl });
  }
  runKernels(c.kernels, X.columns, out, a, from);
  for (const { entry, from: r0, m, data, ctrl } of jobs) {
    Atomics.wait(ctrl, 0, 0, WAIT_MS);
    if (Atomics.load(ctrl, 0) === 1) {
      out.set(data.subarray(nCols * m, nCols * m + m * K), r0 * K);
    } else {
      // The worker failed or hung: retire it and score its rows here (out still holds their initial scores).
      entry.broken = true;
      entry.worker.terminate();
      runKernels(c.kernels, X.columns, out, r0, r0 + m);
    }
  }
}
