/**
 * One tree grower's WebAssembly memory (see wasm.ts): the binned rows (and the sparse layout), gradient
 * pairs, row index arrays, the partition table, the feature lists the split scan reads and a pool of
 * histograms, laid out once per fit. The grower works on the typed-array views; the kernels get the byte
 * offsets in `ptr`. Null when the kernels cannot run (the grower then allocates plain arrays).
 */
import type { BinnedData } from './binning.js';
import { KernelLayout, type KernelMemory, type SplitKernel } from './wasm.js';

/** Byte offsets of the grower's arrays in its kernel memory. */
export interface Pointers {
  bins: number;
  rowStart: number;
  cells: number;
  gh: number;
  rows: number;
  tmp: number;
  table: number;
  feats: number;
  pool: number;
  histBytes: number;
  /** The sparse layout's skipped bins and their features' bin ranges (i32 each). */
  skipped: number;
  from: number;
  to: number;
  /** 32-bit bin indices (else 16-bit). */
  wide: boolean;
}

export interface GrowerMemory {
  km: KernelMemory;
  ptr: Pointers;
  /** What the numeric split scan reads. */
  split: SplitKernel;
  gh: Float64Array;
  rows: Int32Array;
  tmp: Int32Array;
  table: Uint8Array;
  /** The features the current tree searches (the grower copies its list here). */
  feats: Int32Array;
  /** `slots` histograms of 2 x (total bins) values each. */
  pool: Float64Array[];
}

export function createGrowerMemory(data: BinnedData, slots: number): GrowerMemory | null {
  const n = data.nRows;
  const F = data.features.length;
  const nBins = data.offsets[F]!;
  const sp = data.sparse;
  const lay = new KernelLayout();
  const rBins = lay.reserve(data.bins.byteLength);
  const rRowStart = lay.reserve(sp ? sp.rowStart.byteLength : 0);
  const rCells = lay.reserve(sp ? sp.cells.byteLength : 0);
  const rSkipped = lay.reserve(sp ? sp.skipped.byteLength : 0);
  const rFrom = lay.reserve(sp ? sp.from.byteLength : 0);
  const rTo = lay.reserve(sp ? sp.to.byteLength : 0);
  const rGh = lay.reserve(16 * n);
  const rRows = lay.reserve(4 * n);
  const rTmp = lay.reserve(4 * n);
  const rTable = lay.reserve(nBins);
  const rFeats = lay.reserve(4 * F);
  const rOffsets = lay.reserve(4 * F);
  const rNbins = lay.reserve(4 * F);
  const histBytes = 16 * nBins;
  const rPool = lay.reserve(histBytes * slots);
  const km = lay.create();
  if (!km) return null;
  km.copyOf(data.bins, rBins);
  if (sp) {
    km.copyOf(sp.rowStart, rRowStart);
    km.copyOf(sp.cells, rCells);
    km.copyOf(sp.skipped, rSkipped);
    km.copyOf(sp.from, rFrom);
    km.copyOf(sp.to, rTo);
  }
  km.copyOf(data.offsets.subarray(0, F), rOffsets);
  km.copyOf(
    Int32Array.from(data.features, (fb) => fb.nValueBins),
    rNbins,
  );
  return {
    km,
    ptr: {
      bins: rBins.offset,
      rowStart: rRowStart.offset,
      cells: rCells.offset,
      gh: rGh.offset,
      rows: rRows.offset,
      tmp: rTmp.offset,
      table: rTable.offset,
      feats: rFeats.offset,
      pool: rPool.offset,
      histBytes,
      skipped: rSkipped.offset,
      from: rFrom.offset,
      to: rTo.offset,
      wide: data.bins instanceof Uint32Array,
    },
    split: { km, feats: rFeats.offset, offsets: rOffsets.offset, nbins: rNbins.offset },
    gh: km.f64(rGh),
    rows: km.i32(rRows),
    tmp: km.i32(rTmp),
    table: km.u8(rTable),
    feats: km.i32(rFeats),
    pool: Array.from(
      { length: slots },
      (_, i) => new Float64Array(km.buffer, rPool.offset + i * histBytes, 2 * nBins),
    ),
  };
}
