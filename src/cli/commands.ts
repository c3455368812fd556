/** The command registry: each command lives in its own file (src/cli/<command>.ts) and is listed here. */
import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerClean } from './clean.js';
import { registerCompare } from './compare.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import type { Io } from './io.js';
import { registerTrain } from './train.js';

export type SetExit = (code: number) => void;
export type Register = (program: Command, io: Io, setExit: SetExit) => void;

const registry: Register[] = [
  // one line per command, e.g. registerAudit,
  registerAudit,
  registerClean,
  registerDemo,
  registerTrain,
  registerEvaluate,
  registerCompare,
];

export function registerCommands(program: Command, io: Io, setExit: SetExit): void {
  for (const r of registry) r(program, io, setExit);
}
