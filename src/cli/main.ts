/** The mlqa command line: one file per command; this file wires them and turns errors into exit codes. */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { registerCommands } from './commands.js';
import { type Io, processIo } from './io.js';

export const VERSION = '0.1.0';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const program = new Command('mlqa')
    .description(
      'Find, fix and watch quality problems across a machine-learning system: audit, clean, train, evaluate.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError(false);
  let code = 0;
  registerCommands(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`mlqa: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.err(`mlqa: internal error: ${msg} (set MLQA_DEBUG=1 for details)\n`);
    if (process.env.MLQA_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return 3;
  }
}
