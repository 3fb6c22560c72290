/**
 * A start-up refusal caused by the operator's configuration rather than by a bug or the
 * environment: printed as one "NAME: what is wrong" line, like the errors of parseConfig.
 */
export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigurationError';
  }
}
