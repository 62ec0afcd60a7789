/**
 * Reads a password without showing it: from the terminal (no echo, asked twice), or the whole of
 * standard input with `--password-stdin` (one trailing newline removed). Never logged.
 */
import { UsageError } from './commands/exceptions.js';
import { RpaError } from '../banking/index.js';

export const MIN_PASSWORD_LENGTH = 12;

export class PasswordTooShort extends RpaError {
  readonly whatNext = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters (a passphrase of a few words is good).`;
  constructor() {
    super('the password is too short');
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line from the terminal, not echoed. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readNewPassword(options: { fromStdin: boolean; stdin?: NodeJS.ReadableStream }): Promise<string> {
  let password: string;
  if (options.fromStdin) {
    password = await readAll(options.stdin ?? process.stdin);
  } else {
    if (!process.stdin.isTTY) throw new UsageError('no terminal to ask for the password: pipe it in with --password-stdin');
    password = await askHidden('Password: ');
    if ((await askHidden('Again: ')) !== password) throw new UsageError('the two passwords differ', 'Run the command again and type the same password twice.');
  }
  if (password.length < MIN_PASSWORD_LENGTH) throw new PasswordTooShort();
  return password;
}
