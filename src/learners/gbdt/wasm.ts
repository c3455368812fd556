/**
 * The WebAssembly kernels of kernels.wat (histogram building and the row partition) and the memory they
 * work in. Each tree grower gets its own fixed-size memory laid out once per fit: the binned rows, the
 * gradient pairs, the row index arrays, the partition table and a pool of histograms; the grower reads
 * and writes them through typed-array views, the kernels through byte offsets. Where WebAssembly is
 * missing, or the layout would not fit, the grower keeps its JavaScript loops (same results, bit for bit).
 * Browser-safe: the module is small enough to compile synchronously on a page's main thread.
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** Histogram kernels: add the rows rows[begin .. end) to the histogram at `hist`. */
type HistKernel = (
  bins: number,
  F: number,
  gh: number,
  rows: number,
  begin: number,
  end: number,
  hist: number,
) => void;
type SubsetKernel = (
  bins: number,
  F: number,
  feats: number,
  nf: number,
  gh: number,
  rows: number,
  begin: number,
  end: number,
  hist: number,
) => void;
/** Stable partition of rows[begin .. end) by feature f; returns the split point. */
type PartitionKernel = (
  bins: number,
  F: number,
  f: number,
  table: number,
  rows: number,
  tmp: number,
  begin: number,
  end: number,
) => number;

export interface KernelExports {
  hist_dense16: HistKernel;
  hist_dense32: HistKernel;
  hist_subset16: SubsetKernel;
  hist_subset32: SubsetKernel;
  /** (rowStart, cells, gh, rows, begin, end, hist): the sparse layout's cells instead of (bins, F). */
  hist_sparse16: HistKernel;
  hist_sparse32: HistKernel;
  partition16: PartitionKernel;
  partition32: PartitionKernel;
  fill_skipped(
    hist: number,
    skipped: number,
    from: number,
    to: number,
    nq: number,
    G: number,
    H: number,
    tiny: number,
  ): void;
  split_numeric_run(
    hist: number,
    sib: number,
    feats: number,
    q0: number,
    q1: number,
    offsets: number,
    nbins: number,
    G: number,
    H: number,
    C: number,
    cf: number,
    parent: number,
    minGain: number,
    l1: number,
    l2: number,
    minC: number,
    minH: number,
    best: number,
    out: number,
  ): number;
}

/** The numeric split scan over a run of features: pointers into the grower's kernel memory. */
export interface SplitKernel {
  km: KernelMemory;
  /** The features being searched (i32), in the order of the grower's current feature list. */
  feats: number;
  /** First global bin of every usable feature (i32). */
  offsets: number;
  /** Value bins of every usable feature (i32). */
  nbins: number;
}

/** Byte offset of the split kernel's result record (f64 gain, leftG, leftH; i32 threshold, defaultLeft). */
export const SPLIT_OUT = 0;

/** Largest memory a grower lays out in WebAssembly (beyond it, the JavaScript loops run). */
export const MAX_KERNEL_BYTES = 1 << 30;
const PAGE = 65536;

let enabled = true;
let compiled: WebAssembly.Module | null | undefined;

/** Turn the WebAssembly kernels off (true: on, the default). For tests and benchmarks of the JavaScript loops. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const text = atob(KERNELS_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A region of a kernel memory: its byte offset. */
export interface Region {
  offset: number;
  bytes: number;
}

/**
 * Plans a memory layout region by region (16-byte aligned), then creates the memory and the kernels bound
 * to it; null when WebAssembly is unavailable or turned off, or the layout is larger than MAX_KERNEL_BYTES.
 */
export class KernelLayout {
  /** The split kernel's result record comes first (SPLIT_OUT). */
  private size = 32;

  reserve(bytes: number): Region {
    const offset = this.size;
    this.size += Math.ceil(Math.max(bytes, 0) / 16) * 16;
    return { offset, bytes };
  }

  create(): KernelMemory | null {
    if (!enabled || typeof WebAssembly === 'undefined' || this.size > MAX_KERNEL_BYTES) return null;
    const mod = kernelModule();
    if (!mod) return null;
    try {
      const pages = Math.max(1, Math.ceil(this.size / PAGE));
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const instance = new WebAssembly.Instance(mod, { env: { memory } });
      return new KernelMemory(memory, instance.exports as unknown as KernelExports);
    } catch {
      return null;
    }
  }
}

export class KernelMemory {
  readonly buffer: ArrayBuffer;
  /** The split kernel's result record. */
  readonly outF64: Float64Array;
  readonly outI32: Int32Array;
  constructor(
    memory: WebAssembly.Memory,
    readonly k: KernelExports,
  ) {
    this.buffer = memory.buffer;
    this.outF64 = new Float64Array(this.buffer, SPLIT_OUT, 3);
    this.outI32 = new Int32Array(this.buffer, SPLIT_OUT + 24, 2);
  }

  f64(r: Region): Float64Array {
    return new Float64Array(this.buffer, r.offset, r.bytes / 8);
  }

  i32(r: Region): Int32Array {
    return new Int32Array(this.buffer, r.offset, r.bytes / 4);
  }

  u8(r: Region): Uint8Array {
    return new Uint8Array(this.buffer, r.offset, r.bytes);
  }

  /** A copy of `src` in the region (whose size must match), as the same kind of typed array. */
  copyOf<T extends Uint16Array | Uint32Array | Int32Array>(src: T, r: Region): T {
    const view = new (src.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(
      this.buffer,
      r.offset,
      src.length,
    );
    view.set(src);
    return view;
  }
}
