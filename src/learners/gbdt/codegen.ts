/**
 * Compile fitted trees into JavaScript source (one nested if/else per tree, thresholds and leaf values as
 * literals) that V8 turns into native compare-and-branch code. Each generated kernel sweeps a range of rows
 * for a group of consecutive trees and adds each tree's leaf value to its raw-score column, in boosting
 * order, so the scores equal those of the plain walk (`walkRawScores`) bit for bit:
 * - numeric node, missing values left:  `if (x > t) right else left` (NaN > t is false);
 * - numeric node, missing values right: `if (x <= t) left else right` (NaN <= t is false);
 * - categorical node: left when x is exactly one of the node's codes (an equality chain for a few codes, a
 *   bitset lookup otherwise), or when x is NaN and missing values go left.
 * Small subtrees (a few leaves) are evaluated without branches instead: every node's test clears the bits
 * of the leaves the row cannot reach, and the lowest bit left is the exit leaf (QuickScorer's idea), which
 * saves the mispredicted branches at the bottom of the trees.
 * Code generation needs `new Function`, which a Content-Security-Policy may forbid: `buildKernels` then
 * returns null, and `forestSource` does when the source would exceed `maxChars`; callers keep the table walk.
 */
import type { TreeData } from './treeData.js';

/** Add trees' outputs for rows r0..r1-1 to out (row-major, nOutputs per row) from the feature columns. */
export type ForestKernel = (cols: ArrayLike<number>[], out: Float64Array, r0: number, r1: number) => void;

export interface CompileOptions {
  /** Trees per generated function (default 4). */
  treesPerKernel?: number;
  /** Give up above this many source characters in total (default 8 million). */
  maxChars?: number;
  /** Subtrees with at most this many leaves (<= 32) are evaluated without branches (default 4; 1: none). */
  maskLeaves?: number;
}

/** Exact JavaScript literal of a double (String() round-trips; -0 needs its sign). */
function lit(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Codes per categorical node up to which an equality chain is emitted instead of a bitset lookup. */
const CHAIN_MAX = 6;

interface Emitter {
  parts: string[];
  chars: number;
  /** Bitset words shared by all kernels (categorical nodes with many codes). */
  bits: number[];
  features: Set<number>;
  /** Leaf values of branch-free subtrees, shared by all kernels. */
  leaves: number[];
  maskLeaves: number;
}

function push(e: Emitter, s: string): void {
  e.parts.push(s);
  e.chars += s.length;
}

function leafCount(tr: TreeData, node: number): number {
  return node < 0 ? 1 : leafCount(tr, tr.left[node]!) + leafCount(tr, tr.right[node]!);
}

/** Left-goes test of a categorical node on value expression x (a plain variable or column read). */
function categoryTest(e: Emitter, cats: Int32Array, missingLeft: boolean, x: string): string {
  const tests: string[] = [];
  if (missingLeft) tests.push(`${x}!==${x}`);
  if (cats.length <= CHAIN_MAX) {
    for (const code of cats) tests.push(`${x}===${code}`);
  } else {
    const words = (cats[cats.length - 1]! >>> 5) + 1;
    const at = e.bits.length;
    for (let w = 0; w < words; w++) e.bits.push(0);
    for (const code of cats) e.bits[at + (code >>> 5)]! |= 1 << (code & 31);
    tests.push(`((${x}>>>0)===${x}&&${x}<${32 * words}&&((B[${at}+(${x}>>>5)]>>>(${x}&31))&1)===1)`);
  }
  return tests.length ? tests.join('||') : 'false';
}

/** Expression true (a boolean) when the row goes left at a node. */
function leftTest(e: Emitter, tr: TreeData, node: number): string {
  const f = tr.feature[node]!;
  e.features.add(f);
  const cats = tr.categories[node];
  const missingLeft = tr.defaultLeft[node] === 1;
  if (cats) return `(x=c${f}[i],${categoryTest(e, cats, missingLeft, 'x')})`;
  const t = lit(tr.threshold[node]!);
  return missingLeft ? `!(c${f}[i]>${t})` : `c${f}[i]<=${t}`;
}

/**
 * Branch-free subtree: leaves numbered left to right; every node whose row goes right clears the bits of
 * its left subtree's leaves; the exit leaf is the lowest bit left set.
 */
function emitMasked(e: Emitter, tr: TreeData, node: number): void {
  const at = e.leaves.length;
  const stmts: string[] = [];
  const visit = (q: number): number => {
    if (q < 0) {
      e.leaves.push(tr.leafValue[~q]!);
      return 1;
    }
    const first = e.leaves.length - at;
    const nl = visit(tr.left[q]!);
    const leftMask = (nl === 32 ? -1 : ((1 << nl) - 1) << first) | 0;
    stmts.push(`m&=${~leftMask}|-(${leftTest(e, tr, q)});`);
    return nl + visit(tr.right[q]!);
  };
  visit(node);
  push(e, `m=-1;${stmts.join('')}v=L[${at + 31}-Math.clz32(m&-m)];`);
}

function emitNode(e: Emitter, tr: TreeData, node: number): void {
  if (node < 0) {
    push(e, `v=${lit(tr.leafValue[~node]!)};`);
    return;
  }
  if (e.maskLeaves > 1 && leafCount(tr, node) <= Math.min(32, e.maskLeaves)) {
    emitMasked(e, tr, node);
    return;
  }
  const f = tr.feature[node]!;
  e.features.add(f);
  const cats = tr.categories[node];
  const missingLeft = tr.defaultLeft[node] === 1;
  let goLeft: boolean;
  if (cats) {
    push(e, `x=c${f}[i];if(${categoryTest(e, cats, missingLeft, 'x')}){`);
    goLeft = true;
  } else if (missingLeft) {
    push(e, `if(c${f}[i]>${lit(tr.threshold[node]!)}){`);
    goLeft = false;
  } else {
    push(e, `if(c${f}[i]<=${lit(tr.threshold[node]!)}){`);
    goLeft = true;
  }
  emitNode(e, tr, goLeft ? tr.left[node]! : tr.right[node]!);
  push(e, '}else{');
  emitNode(e, tr, goLeft ? tr.right[node]! : tr.left[node]!);
  push(e, '}');
}

/** Generated source of a forest's kernels and the tables it reads (plain data: can be posted to a worker). */
export interface ForestSource {
  source: string;
  /** Bitsets of categorical nodes with many codes (B) and leaf values of branch-free subtrees (L). */
  bits: Uint32Array;
  leaves: Float64Array;
}

/**
 * Source of kernels for trees (tree t adds to raw-score column outputs[t] of nOutputs); calling the kernels
 * in order on the same rows adds all trees. null when the source would exceed maxChars.
 */
export function forestSource(
  trees: TreeData[],
  outputs: Int32Array,
  nOutputs: number,
  options: CompileOptions = {},
): ForestSource | null {
  const per = Math.max(1, options.treesPerKernel ?? 4);
  const maxChars = options.maxChars ?? 8_000_000;
  const e: Emitter = {
    parts: [],
    chars: 0,
    bits: [],
    features: new Set(),
    leaves: [],
    maskLeaves: options.maskLeaves ?? 4,
  };
  const bodies: string[] = [];
  for (let t0 = 0; t0 < trees.length; t0 += per) {
    e.parts = [];
    e.features = new Set();
    // Each output column the group adds to is summed in a local s<k> (same additions in the same order).
    const ks = new Set<number>();
    for (let t = t0; t < Math.min(trees.length, t0 + per); t++) {
      const tr = trees[t]!;
      emitNode(e, tr, tr.feature.length === 0 ? -1 : 0);
      push(e, `s${outputs[t]!}+=v;`);
      ks.add(outputs[t]!);
      if (e.chars > maxChars) return null;
    }
    const cols = [...e.features].sort((a, b) => a - b).map((f) => `c${f}=C[${f}]`);
    const load = [...ks].map((k) => `s${k}=out[o+${k}]`).join(',');
    const store = [...ks].map((k) => `out[o+${k}]=s${k};`).join('');
    bodies.push(
      `function(C,out,r0,r1){${cols.length ? `const ${cols.join(',')};` : ''}let x=0,v=0,m=0;` +
        `for(let i=r0;i<r1;i++){const o=i*${nOutputs};let ${load};${e.parts.join('')}${store}}}`,
    );
  }
  return {
    source: `'use strict';return [${bodies.join(',\n')}];`,
    bits: Uint32Array.from(e.bits),
    leaves: Float64Array.from(e.leaves),
  };
}

/** The kernels of a generated source; null when code generation is forbidden (CSP without 'unsafe-eval'). */
export function buildKernels(src: ForestSource): ForestKernel[] | null {
  try {
    return new Function('B', 'L', src.source)(src.bits, src.leaves) as ForestKernel[];
  } catch {
    return null;
  }
}

/** Run kernels over rows r0..r1-1 in blocks: each kernel sweeps a block, so its branches stay trained. */
export function runKernels(
  kernels: ForestKernel[],
  cols: ArrayLike<number>[],
  out: Float64Array,
  r0: number,
  r1: number,
): void {
  for (let b = r0; b < r1; b += KERNEL_BLOCK) {
    const e = Math.min(r1, b + KERNEL_BLOCK);
    for (const k of kernels) k(cols, out, b, e);
  }
}

/** Rows per kernel sweep: long sweeps let the branch predictor learn each kernel's branches. */
const KERNEL_BLOCK = 8192;
