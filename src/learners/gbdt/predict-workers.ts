/**
 * Node only: score a large batch of rows on the calling thread and worker threads together, each running
 * the same compiled kernels (codegen.ts) on its own rows, so the scores are those of a single thread bit for
 * bit. The call stays synchronous: rows go in rounds; each round's feature values and initial scores are
 * copied into a SharedArrayBuffer, and every thread (workers and this one) claims chunks of rows from a
 * shared counter until none are left, so a busy core or a worker still compiling simply takes fewer chunks.
 * This thread then blocks on Atomics.wait until the workers are done and copies the scores back. Workers are
 * sent a forest's generated source once. No static Node import: worker_threads and os come from
 * `process.getBuiltinModule` (Node >= 20.16), so this module loads anywhere and declines (returns false) in
 * browsers and older Nodes. Workers start on first use, stay for later calls and are unref'd.
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

/** Rows per claimed chunk: long enough for a kernel sweep to train the branch predictor. */
const CHUNK = 8192;

/** Compiled forests each worker keeps. */
const FORESTS = 8;

/** Control words of a round: next unclaimed row, workers done, workers failed. */
const NEXT = 0;
const DONE = 1;
const FAILED = 2;
/** Then one word per chunk: 1 once a worker has scored it. */
const FLAGS = 3;

/** The worker's program: compile posted forests (a few kept by id), claim and score chunks, signal completion. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const forests = new Map();
parentPort.on('message', (msg) => {
  if (msg.type === 'forest') {
    let kernels = null;
    try {
      kernels = new Function('B', 'L', msg.source)(msg.bits, msg.leaves);
    } catch {}
    forests.set(msg.id, kernels);
    if (forests.size > ${FORESTS}) forests.delete(forests.keys().next().value);
    return;
  }
  const ctrl = new Int32Array(msg.ctrl);
  try {
    const kernels = forests.get(msg.id);
    const { m, nCols, K } = msg;
    const cols = [];
    for (let j = 0; j < nCols; j++) cols.push(new Float64Array(msg.data, j * m * 8, m));
    const out = new Float64Array(msg.data, nCols * m * 8, m * K);
    for (let b = Atomics.add(ctrl, ${NEXT}, ${CHUNK}); b < m; b = Atomics.add(ctrl, ${NEXT}, ${CHUNK})) {
      const e = Math.min(m, b + ${CHUNK});
      for (const k of kernels) k(cols, out, b, e);
      Atomics.store(ctrl, ${FLAGS} + b / ${CHUNK}, 1);
    }
  } catch {
    Atomics.add(ctrl, ${FAILED}, 1);
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
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

/** Longest wait for the workers of a round before scoring it here instead. */
const WAIT_MS = 120_000;

/**
 * Add the compiled forest's outputs to out (row-major, K per row, holding initial scores) for the rows of
 * X using `threads` workers ('auto': all cores but one) plus this thread. false (out untouched) when worker
 * threads are unavailable; the caller then scores on one thread. Rows go in rounds of `span` rows;
 * help = false leaves all chunks of a round to the workers (for tests).
 */
export function parallelForestScores(
  c: CompiledForest,
  K: number,
  X: FeatureMatrix,
  out: Float64Array,
  threads: 'auto' | number,
  span = SPAN,
  help = true,
): boolean {
  const b = nodeBuiltins();
  if (!b) return false;
  const want = threads === 'auto' ? Math.min(7, b.cores - 1) : Math.max(0, Math.floor(threads));
  const n = X.nRows;
  if (want <= 0 || n < 2) return false;
  const ws = workers(b, Math.min(want, n - 1));
  if (ws.length === 0) return false;
  for (let a = 0; a < n; a += span) scoreSpan(c, K, X, out, a, Math.min(n, a + span), ws, help);
  return true;
}

/** Rounds that a failed or hung worker made this thread score alone (tests expect none). */
export const workerFailures = { rounds: 0 };

/** Rows per round: bounds the copies to shared memory (about SPAN x features doubles). */
const SPAN = 262_144;

/** Score rows a..b-1 with the live workers and this thread claiming chunks from a shared counter. */
function scoreSpan(
  c: CompiledForest,
  K: number,
  X: FeatureMatrix,
  out: Float64Array,
  a: number,
  b: number,
  ws: typeof pool,
  help: boolean,
): void {
  const live = ws.filter((w) => !w.broken);
  const m = b - a;
  if (live.length === 0 || m <= CHUNK) {
    runKernels(c.kernels, X.columns, out, a, b);
    return;
  }
  const nCols = X.columns.length;
  const data = new Float64Array(new SharedArrayBuffer(8 * m * (nCols + K)));
  for (let j = 0; j < nCols; j++) data.set(X.columns[j]!.subarray(a, b), j * m);
  const local = data.subarray(nCols * m, nCols * m + m * K);
  local.set(out.subarray(a * K, b * K));
  const nChunks = Math.ceil(m / CHUNK);
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * (FLAGS + nChunks)));
  for (const entry of live) {
    if (!entry.forests.has(c.id)) {
      const { source, bits, leaves } = c.src;
      entry.worker.postMessage({ type: 'forest', id: c.id, source, bits, leaves });
      entry.forests.add(c.id);
      // The worker keeps the same last FORESTS (a Map evicting its oldest, as this Set does).
      if (entry.forests.size > FORESTS) entry.forests.delete(entry.forests.values().next().value!);
    }
    entry.worker.postMessage({ type: 'rows', id: c.id, data: data.buffer, ctrl: ctrl.buffer, m, nCols, K });
  }
  // This thread scores its chunks straight from X into out (the kernels only ever see plain arrays here).
  const mine = new Uint8Array(nChunks);
  while (help) {
    const r = Atomics.add(ctrl, NEXT, CHUNK);
    if (r >= m) break;
    runKernels(c.kernels, X.columns, out, a + r, a + Math.min(m, r + CHUNK));
    mine[r / CHUNK] = 1;
  }
  const deadline = performance.now() + WAIT_MS;
  for (let done = Atomics.load(ctrl, DONE); done < live.length; done = Atomics.load(ctrl, DONE)) {
    if (Atomics.wait(ctrl, DONE, done, Math.max(0, deadline - performance.now())) === 'timed-out') break;
  }
  if (Atomics.load(ctrl, DONE) < live.length || Atomics.load(ctrl, FAILED) > 0) {
    // A worker failed or hung: retire the workers; chunks they did not finish are scored here.
    workerFailures.rounds++;
    for (const entry of live) {
      entry.broken = true;
      entry.worker.terminate();
    }
  }
  for (let q = 0; q < nChunks; q++) {
    if (mine[q]) continue;
    const r0 = q * CHUNK;
    const r1 = Math.min(m, r0 + CHUNK);
    if (Atomics.load(ctrl, FLAGS + q) === 1) out.set(local.subarray(r0 * K, r1 * K), (a + r0) * K);
    else runKernels(c.kernels, X.columns, out, a + r0, a + r1);
  }
}
