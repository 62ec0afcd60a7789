/** A configuration problem: names the file, the key path, what was expected and what was found. */
import { RpaError } from '../banking/rule-error.js';
export class ConfigError extends RpaError {
  readonly whatNext: string;
  constructor(
    readonly source: string,
    readonly problems: { path: string; expected: string; found: string }[],
    whatNext = 'Fix the named keys in the file (or the RPA_* variable that set them) and run `rpa config check` again.',
  ) {
    super(
      `invalid configuration in ${source}:\n` +
        problems
          .map((p) => `  ${p.path || '(root)'}: ${/^no such key/.test(p.expected) ? p.expected : `expected ${p.expected}`}, found ${p.found}`)
          .join('\n'),
    );
    this.whatNext = whatNext;
  }
}

/** A secret that is needed but not provided, or a secrets file that is unsafe. */
export class SecretError extends RpaError {
  constructor(
    message: string,
    readonly whatNext: string,
  ) {
    super(message);
  }
}
