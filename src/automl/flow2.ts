/**
 * FLOW2 (Wu, Wang, Huang 2021, the local search inside FLAML's CFO): randomized direct search in the
 * normalized (log) space around the incumbent. Each round draws a random unit direction u and tries
 * x + step*u, then x - step*u; a better point becomes the incumbent. After 2*d proposals without
 * improvement the step halves; below a floor the search has converged and restarts near the low-cost
 * start with random noise on the non-cost dimensions. Browser-safe, seeded.
 */
import { canonicalJson } from '../artifact/format.js';
import type { Rng } from '../util/random.js';
import { fromUnit, initConfig, type LearnerSpace, type Params, toUnit } from './space.js';

const STEP = 0.1;
const STEP_FLOOR = 1e-3;
const COST_DIMS = new Set(['n_estimators', 'num_leaves', 'max_leaf_nodes']);

export class Flow2 {
  readonly dim: number;
  /** Incumbent point and its loss (lower is better). */
  private x: Float64Array;
  private best = Number.POSITIVE_INFINITY;
  private step: number;
  private failures = 0;
  /** Direction tried with + that failed: try - next. */
  private pending: Float64Array | null = null;
  private lastDirection: Float64Array | null = null;
  private lastPoint: Float64Array | null = null;
  /** Configurations to try before searching (low-cost start, known-good defaults). */
  private queue: Params[];
  private readonly seen = new Set<string>();
  /** Times the step was halved since the last improvement (used to decide on a bigger sample). */
  halvings = 0;
  restarts = 0;

  constructor(
    readonly space: LearnerSpace,
    private readonly rng: Rng,
  ) {
    this.dim = space.dims.length;
    this.x = toUnit(space, initConfig(space));
    this.step = this.initialStep();
    this.queue = [initConfig(space), ...space.defaults];
  }

  private initialStep(): number {
    return Math.min(1, STEP * Math.sqrt(Math.max(1, this.dim)));
  }

  get converged(): boolean {
    return this.dim === 0 ? this.queue.length === 0 : this.step < STEP_FLOOR;
  }

  get incumbentLoss(): number {
    return this.best;
  }

  /** The incumbent configuration (the low-cost start before any result). */
  incumbent(): Params {
    return this.full(fromUnit(this.space, this.x));
  }

  private full(p: Params): Params {
    return { ...p, ...this.space.fixed };
  }

  private key(p: Params): string {
    return canonicalJson(p);
  }

  /** Re-run the incumbent next (after the training sample grew, its loss must be measured again). */
  reevaluateIncumbent(): void {
    this.best = Number.POSITIVE_INFINITY;
    this.seen.clear();
    this.queue.unshift(fromUnit(this.space, this.x));
    this.step = this.initialStep();
    this.failures = 0;
    this.halvings = 0;
    this.pending = null;
  }

  private randomDirection(): Float64Array {
    const u = new Float64Array(this.dim);
    let norm = 0;
    for (let j = 0; j < this.dim; j++) {
      u[j] = this.rng.normal();
      norm += u[j]! * u[j]!;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < this.dim; j++) u[j]! /= norm;
    return u;
  }

  private restart(): void {
    this.restarts++;
    const start = toUnit(this.space, initConfig(this.space));
    this.space.dims.forEach((d, j) => {
      if (!COST_DIMS.has(d.name)) start[j] = Math.min(1, Math.max(0, start[j]! + this.rng.normal() * 0.3));
    });
    this.x = start;
    this.best = Number.POSITIVE_INFINITY;
    this.step = this.initialStep();
    this.failures = 0;
    this.halvings = 0;
    this.pending = null;
    this.queue.push(fromUnit(this.space, start));
  }

  /** The next configuration to evaluate, or null when a space without dimensions is exhausted. */
  propose(): Params | null {
    for (let attempt = 0; attempt < 50; attempt++) {
      const queued = this.queue.shift();
      if (queued) {
        this.lastPoint = toUnit(this.space, queued);
        this.lastDirection = null;
        const k = this.key(queued);
        if (this.seen.has(k) && attempt < 49) continue;
        this.seen.add(k);
        return this.full(queued);
      }
      if (this.dim === 0) return null;
      if (this.converged) {
        this.restart();
        continue;
      }
      let u = this.pending;
      let sign = -1;
      if (!u) {
        u = this.randomDirection();
        sign = 1;
      }
      this.pending = sign === 1 ? u : null;
      const y = new Float64Array(this.dim);
      for (let j = 0; j < this.dim; j++)
        y[j] = Math.min(1, Math.max(0, this.x[j]! + sign * this.step * u[j]!));
      const p = fromUnit(this.space, y);
      const k = this.key(p);
      this.lastPoint = y;
      this.lastDirection = u;
      if (this.seen.has(k)) {
        this.fail();
        continue;
      }
      this.seen.add(k);
      return this.full(p);
    }
    // Nothing new near the incumbent: restart and hand out the restart point even if seen before.
    this.restart();
    const p = this.queue.shift()!;
    this.lastPoint = toUnit(this.space, p);
    return this.full(p);
  }

  private fail(): void {
    this.failures++;
    if (this.failures >= 2 * Math.max(1, this.dim)) {
      this.step /= 2;
      this.failures = 0;
      this.halvings++;
      this.pending = null;
    }
  }

  /** Report the loss (lower is better; +Infinity for a failed trial) of the last proposal. */
  report(loss: number): boolean {
    const improved = loss < this.best;
    if (improved && this.lastPoint) {
      this.best = loss;
      this.x = this.lastPoint;
      this.failures = 0;
      this.halvings = 0;
      this.pending = null;
    } else if (this.lastDirection) {
      this.fail();
    }
    return improved;
  }
}
