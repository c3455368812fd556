/** The pipeline runs inside the browser runtime: everything src/clean/pipeline.ts imports must be free of Node modules. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NULL_TOKENS } from '../src/clean/steps/normalize-missing.js';
import { NULL_TOKENS } from '../src/data/schema.js';

/** Value imports (not `import type`) of a TypeScript file. */
function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms))
    if (!m[2]) out.push(m[3]!);
  return out;
}

describe('clean pipeline is browser-safe', () => {
  it('imports no Node module or package, directly or through other modules', () => {
    const root = resolve(import.meta.dirname, '..');
    const seen = new Set<string>();
    const todo = [resolve(root, 'src/clean/pipeline.ts')];
    while (todo.length > 0) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of imports(file)) {
        expect(spec.startsWith('.'), `${relative(root, file)} imports ${spec}`).toBe(true);
        const next = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        expect(existsSync(next), next).toBe(true);
        todo.push(next);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
    expect([...seen].some((f) => f.endsWith('src/data/db.ts'))).toBe(false);
  });

  it('default null spellings are the loader`s', () => {
    expect(DEFAULT_NULL_TOKENS).toEqual(NULL_TOKENS);
  });
});
