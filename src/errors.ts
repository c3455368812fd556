/**
 * A problem with the user's input or usage: the CLI prints its message on one line and exits with code 2.
 * Library code throws it whenever it can name the file, column or row at fault.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
}

/** Throw an InputError unless `cond` holds. */
export function expectInput(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InputError(message);
}
