/** Reading an expectations file for the audit runner: any failure becomes one InputError naming the file. */
import { InputError } from '../errors.js';
import * as expectations from './expectations.js';
import type { AuditContext } from './check.js';
import type { Expectations } from './expectations.js';

type Parse = (path: string) => Expectations | Promise<Expectations>;

export async function loadExpectations(path: string): Promise<Expectations> {
  const parse = (expectations as Record<string, unknown>).parseExpectations as Parse | undefined;
  if (typeof parse !== 'function') throw new InputError(`${path}: expectations files are not supported by this build`);
  try {
    return await parse(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${path}: cannot read expectations: ${msg}`);
  }
}

type Suggest = (ctx: AuditContext) => Expectations | Promise<Expectations>;
type Write = (path: string, exp: Expectations) => void | Promise<void>;

/** Infer expectations from an audited table and write them to a file (YAML or JSON by extension). */
export async function suggestAndWrite(ctx: AuditContext, path: string): Promise<void> {
  const mod = expectations as Record<string, unknown>;
  const suggest = mod.suggestExpectations as Suggest | undefined;
  const write = mod.writeExpectations as Write | undefined;
  if (typeof suggest !== 'function' || typeof write !== 'function') throw new InputError('--suggest-expect is not supported by this build');
  await write(path, await suggest(ctx));
}
