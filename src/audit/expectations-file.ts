/** Expectations files for the audit runner: reading (--expect) and writing suggestions (--suggest-expect). */
import { InputError } from '../errors.js';
import type { AuditContext } from './check.js';
import {
  type Expectations,
  parseExpectations,
  suggestExpectations,
  writeExpectations,
} from './expectations.js';

/** Read an expectations file; any failure becomes one InputError naming the file. */
export async function loadExpectations(path: string): Promise<Expectations> {
  try {
    return parseExpectations(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${path}: cannot read expectations: ${msg}`);
  }
}

/** Infer expectations from an audited table and write them to a file (YAML or JSON by extension). */
export async function suggestAndWrite(ctx: AuditContext, path: string): Promise<void> {
  const exp = await suggestExpectations(ctx);
  try {
    writeExpectations(path, exp);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${path}: cannot write expectations: ${msg}`);
  }
}
