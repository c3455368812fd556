/** Write and read artifacts on Node: sha256 over the canonical body, version check, one-line errors. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/fs.js';
import {
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  type Artifact,
  type ArtifactBody,
  canonicalJson,
} from './format.js';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileFingerprint(path: string): string {
  return sha256(readFileSync(path));
}

/** Creation time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible files, else now. */
export function creationTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export function makeArtifact(body: ArtifactBody, createdAt: string = creationTime()): Artifact {
  return {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    hash: sha256(canonicalJson(body)),
    createdAt,
    body,
  };
}

/** Write atomically (temp file then rename), so a crash never leaves half an artifact. */
export function writeArtifact(path: string, body: ArtifactBody | Artifact): Artifact {
  const art = 'body' in body && 'hash' in body ? (body as Artifact) : makeArtifact(body as ArtifactBody);
  writeFileAtomic(path, JSON.stringify(art));
  return art;
}

export function readArtifact(path: string): Artifact {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read model file`);
  }
  let art: Artifact;
  try {
    art = JSON.parse(text) as Artifact;
  } catch {
    throw new InputError(`${path}: not an mlqa model (not JSON)`);
  }
  if (!art || art.format !== ARTIFACT_FORMAT) throw new InputError(`${path}: not an mlqa model file`);
  if (art.version !== ARTIFACT_VERSION) {
    throw new InputError(
      `${path}: model format version ${art.version} is not supported (this mlqa reads version ${ARTIFACT_VERSION})`,
    );
  }
  if (sha256(canonicalJson(art.body)) !== art.hash)
    throw new InputError(`${path}: model file is corrupt or was edited (hash mismatch)`);
  return art;
}
