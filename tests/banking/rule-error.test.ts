/**
 * One error root: every error class of the project extends RpaError, says what to do next, and its
 * class alone decides what the queue does (DESIGN.md, "Errors decide what happens next"). This walks
 * every source file of the product folders, imports each that declares a class, and checks every
 * exported error class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BankingRuleError, BusinessRuleError, classifyError, InvalidAmount, RpaError, type ErrorKind } from '../../banking/index.js';
import { ComplianceHold, CredentialsRejected, SessionLost, TargetUnavailable } from '../../bots/kit/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCT = ['config', 'logging', 'banking', 'extractors', 'compliance', 'reconciliation', 'reporting', 'bots', 'queue', 'cli'];
const KINDS: ErrorKind[] = ['business', 'compliance', 'unavailable', 'credentials', 'system'];

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out; // a folder that does not exist yet
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Constructs an error class with arguments of the shapes our constructors take, for its whatNext (the first that gives one). */
function instantiate(C: new (...args: never[]) => Error): Error {
  const x = 'placeholder text';
  const attempts: unknown[][] = [
    [x, x, x, x, x],
    [x, [], x],
    [{ file: x, code: x, reason: x, whatNext: x, details: {} }],
    [x, { name: x, title: x, takes: x }, x, []], // a file, a run, what the file is, the runs
    [],
  ];
  let last: unknown;
  for (const args of attempts) {
    try {
      const err = new (C as unknown as new (...a: unknown[]) => Error)(...args);
      if (typeof (err as RpaError).whatNext === 'string') return err;
      last = 'no whatNext';
    } catch (err) {
      last = err;
    }
  }
  throw new Error(`${C.name} could not be constructed for the check: ${String(last)}`);
}

describe('one error root', () => {
  it('every exported error class extends RpaError, declares what the queue does, and says what to do next', async () => {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const file of PRODUCT.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      if (!/export (abstract )?class \w+ extends /.test(text)) continue;
      const abstract = new Set([...text.matchAll(/export abstract class (\w+)/g)].map((m) => m[1]!));
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || value === RpaError || !(value.prototype instanceof Error)) continue;
        const where = `${path.relative(ROOT, file)}: ${name}`;
        checked.push(where);
        if (!(value.prototype instanceof RpaError)) {
          problems.push(`${where} does not extend RpaError`);
          continue;
        }
        const kind = (value as unknown as typeof RpaError).kind;
        if (!KINDS.includes(kind)) problems.push(`${where} has no kind the queue knows (${String(kind)})`);
        if (abstract.has(name)) continue;
        const err = instantiate(value as new (...args: never[]) => Error) as RpaError;
        if (typeof err.whatNext !== 'string' || err.whatNext.trim().length < 5) problems.push(`${where} says no whatNext`);
        if (err.name !== name) problems.push(`${where} is named "${err.name}"`);
        if (classifyError(err) !== kind) problems.push(`${where} is classified ${classifyError(err)}, its class says ${kind}`);
      }
    }
    expect(problems).toEqual([]);
    // The walk found the error classes of every layer (not a vacuous pass).
    for (const expected of ['banking/errors.ts: InvalidAmount', 'config/errors.ts: ConfigError', 'bots/kit/errors.ts: ComplianceHold', 'queue/exceptions-store.ts: ExceptionNotFound', 'extractors/formats/errors.ts: BankFileMalformed', 'cli/commands/exceptions.ts: UsageError']) {
      expect(checked).toContain(expected);
    }
    expect(checked.length).toBeGreaterThan(60);
  });

  it('the class decides: banking rule errors are business errors (never retried), the kit kinds are their own', () => {
    expect(new InvalidAmount('amount "1,2,3" is not valid', 'amount')).toBeInstanceOf(BusinessRuleError);
    expect(BankingRuleError.prototype).toBeInstanceOf(BusinessRuleError);
    expect(classifyError(new InvalidAmount('bad', 'amount'))).toBe('business');
    expect(classifyError(new ComplianceHold('hit', 'sanctions'))).toBe('compliance');
    expect(classifyError(new TargetUnavailable('legacy-bank', 'maintenance'))).toBe('unavailable');
    expect(classifyError(new CredentialsRejected('legacy-bank', 'bot1'))).toBe('credentials');
    expect(classifyError(new SessionLost('legacy-bank', 'idle'))).toBe('system');
    expect(classifyError(new TypeError('x is undefined'))).toBe('system');
    expect(classifyError('a string')).toBe('system');
  });
});
