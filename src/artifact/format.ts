/**
 * The artifact: one versioned, hashed JSON file (model.mlqa) holding everything needed to predict and to
 * watch a model: schema, features with their encodings, pipeline steps, model, reference profile,
 * target range, metrics and provenance. Loading checks the format version and the hash; it never
 * evaluates code. Browser-safe (hashing lives in write.ts / read.ts).
 */
import type { Schema } from '../data/schema.js';
import type { ModelJSON, Task } from '../learners/types.js';

export const ARTIFACT_FORMAT = 'mlqa-model';
export const ARTIFACT_VERSION = 1;

export interface FeatureSpec {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Categories seen in training (code = index); unseen values are read as missing. */
  categories?: string[];
  /** Training range of a numeric feature (for input guards). */
  min?: number;
  max?: number;
}

export interface TargetSpec {
  name: string;
  task: Task;
  /** Class labels, index = class code (classification). */
  classes: string[];
  /** Range of the target in training (regression): predictions outside it are flagged. */
  min?: number;
  max?: number;
}

/** A fitted pipeline step in plain data (see src/clean). */
export interface StepJSON {
  step: string;
  params: Record<string, unknown>;
}

/** Weighted average of member models (greedy ensemble selection), or a single model. */
export interface EnsembleJSON {
  kind: 'ensemble';
  members: { weight: number; model: ModelJSON }[];
}

export interface ArtifactBody {
  schema: Schema;
  features: FeatureSpec[];
  target: TargetSpec;
  pipeline: StepJSON[];
  model: ModelJSON | EnsembleJSON;
  /** Reference profile of the training data (see src/profile), for drift monitoring. */
  profile?: unknown;
  metrics: Record<string, unknown>;
  provenance: {
    /** sha256 of the training file's bytes. */
    dataFingerprint: string;
    dataFile: string;
    rows: number;
    seed: number;
    library: string;
    /** Optional; `mlqa train` writes the creation time outside the hashed body (Artifact.createdAt). */
    createdAt?: string;
  };
}

export interface Artifact {
  format: typeof ARTIFACT_FORMAT;
  version: number;
  /** sha256 (hex) of the canonical JSON of `body`. */
  hash: string;
  /**
   * When the file was written (ISO 8601). Informational and outside the hashed body, so the same data,
   * options and seed give the same hash; honours SOURCE_DATE_EPOCH for reproducible builds.
   */
  createdAt?: string;
  body: ArtifactBody;
}

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
      return out;
    }
    return v;
  });
}
