/** Shared CLI plumbing: output streams, colour and progress that stay quiet in pipes and CI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** True when stderr is an interactive terminal (and not CI): progress and colour are shown. */
  interactive: boolean;
  /** True when stdout is a terminal that should get colour (not a pipe, not NO_COLOR, not CI). */
  color?: boolean;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI,
};

/** A one-line progress indicator on stderr, redrawn in place; silent when not interactive. */
export function progress(io: Io, label: string) {
  let last = 0;
  return {
    update(text: string) {
      if (!io.interactive) return;
      const now = Date.now();
      if (now - last < 80) return;
      last = now;
      io.err(`\r\x1b[2K${label} ${text}`);
    },
    done() {
      if (io.interactive) io.err('\r\x1b[2K');
    },
  };
}

/** Write files into an output directory, creating it. */
export function writeOut(dir: string, files: Record<string, string | Uint8Array>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  });
}
