/** Run the mlqa command line in process, capturing stdout, stderr and the exit code. */
import { expect } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    interactive: false,
    color: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A bad input: exit 2, one line on stderr naming the problem, nothing on stdout, no stack trace. */
export async function expectBadInput(argv: string[], message: RegExp): Promise<void> {
  const r = await run(...argv);
  expect(r.code, r.err).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at |internal error|Error:/);
}
