/** Write a file atomically (temp file + rename), so an interrupted run never leaves half a file behind. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
