/** A mistake in how a command was called (exit code 2), with a sentence that says what to do instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
