/** src/evaluate must stay browser-safe: no Node built-ins, no imports from Node-only parts of the tree. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../src/evaluate');
const OWN = ['metrics', 'curves.ts', 'calibration.ts', 'confusion.ts', 'index.ts'];
/** Modules outside src/evaluate that the metrics may import (all browser-safe). */
const ALLOWED_OUTSIDE = new Set(['src/errors.ts', 'src/learners/types.ts', 'src/report/report.ts']);

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(path).flatMap((f) => files(join(path, f)));
}

describe('evaluate metrics are browser-safe', () => {
  it('import only relative, browser-safe modules', () => {
    for (const file of OWN.flatMap((p) => files(join(ROOT, p)))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        expect(spec.startsWith('.'), `${relative(ROOT, file)} imports ${spec}`).toBe(true);
        const target = relative(resolve(ROOT, '../..'), resolve(file, '..', spec)).replace(/\.js$/, '.ts');
        if (!target.startsWith('src/evaluate/'))
          expect(ALLOWED_OUTSIDE.has(target), `${file} imports ${target}`).toBe(true);
      }
    }
  });
});
