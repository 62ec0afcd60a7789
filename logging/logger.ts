import pino, { type Logger, type DestinationStream } from 'pino';
import { maskLine } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** always: human-readable; never: JSON; auto: human-readable when stdout is a terminal. */
  pretty?: 'auto' | 'always' | 'never';
  /** Where lines go (tests pass a stream to capture them). Default: standard error, so that a command's output stays clean. */
  destination?: DestinationStream;
  name?: string;
}

/** pino's own path redaction, as a first layer; the masking stream below is the one that cannot be bypassed. */
const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'cookies', '*.cookies',
  'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization', 'secret', '*.secret',
];

/**
 * Every finished line passes through maskLine before it is written, whatever put it
 * together (merging object, child bindings, message, error), so no call site can forget it.
 */
export function maskingStream(inner: DestinationStream): DestinationStream {
  return { write: (line: string) => inner.write(maskLine(line)) };
}

/** The only way the project makes a logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty === 'always' || (options.pretty !== 'never' && !options.destination && process.stderr.isTTY);
  const inner: DestinationStream =
    options.destination ??
    (pretty
      ? (pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', destination: 2 } }) as DestinationStream)
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    { level: options.level ?? 'info', name: options.name, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } },
    maskingStream(inner),
  );
}
