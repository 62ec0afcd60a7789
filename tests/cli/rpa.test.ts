import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { rpa } from '../helpers/rpa-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the rpa command', () => {
  it('config check prints the effective configuration with secrets masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpa-cli-'));
    const secret = 'correct-horse-battery-staple';
    const { code, stdout } = await rpa(['config', 'check'], { RPA_SECRET_LEGACY_BANK_BOT1: secret, RPA_LOG__LEVEL: 'warn', RPA_SECRETS_FILE: path.join(dir, 's.yaml') });
    expect(code).toBe(0);
    expect(stdout).toContain('legacy-bank:');
    expect(stdout).toMatch(/level: warn/);
    expect(stdout).toMatch(/legacy-bank\/bot1: "\*\*\*\* \(set\)"/);
    expect(stdout).toMatch(/legacy-bank\/bot2: "?\(not set/);
    expect(stdout).not.toContain(secret);
  });

  it('config check names the file, the key path, what was expected and what was found', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpa-cli-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'log:\n  level: loud\nredis:\n  prefixx: x\n');
    const { code, stderr } = await rpa(['config', 'check', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/log\.level: expected .*info.*found "loud"/);
    expect(stderr).toMatch(/redis\.prefixx: no such key.*found "x"/);
    expect(stderr).toMatch(/what to do:/);
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const { code, stderr } = await rpa(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('legacy-bank runs the simulator on its own and stops on SIGTERM', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RPA_')));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/rpa.ts'), 'legacy-bank', '--port', '0'], {
      cwd: ROOT,
      env: { ...clean, RPA_SECRET_LEGACY_BANK_BOT1: 'pw1-standalone', RPA_SECRET_LEGACY_BANK_BOT2: 'pw2', RPA_SECRET_LEGACY_BANK_BOT3: 'pw3', RPA_SECRET_LEGACY_BANK_BOT4: 'pw4', RPA_SECRETS_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'rpa-lb-')), 's.yaml') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /legacy-bank simulator: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    const res = await fetch(`${url}/login`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/__VIEWSTATE/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('the demo checks a balance per account, enters a payment file and mandates, runs a collection cycle, reconciles the day, and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpa-demo-'));
    const { code, stdout, stderr } = await rpa(['demo', '--payments', '10'], {
      REDIS_URL: inject('redisUrl'),
      RPA_REDIS__PREFIX: `demo${Date.now()}`,
      RPA_DATA_DIR: dir,
      RPA_SECRETS_FILE: path.join(dir, 'secrets.yaml'),
      RPA_SIMULATOR__CUSTOMERS: '4',
    }, 150_000);
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(stdout).toMatch(/run demo-\S+: (\d+) accounts, \1 done, 0 exceptions, \1 balances match the simulator/);
    expect(stdout).toMatch(/posted +5\n/);
    expect(stdout).toMatch(/exceptions +5\n/);
    expect(stdout).toMatch(/repeats the reference of row/);
    // screened before it was entered: the sanctioned beneficiary is held for compliance
    expect(stdout).toMatch(/compliance +row 5 of \S+: "Aerocaribbean Airlines" matches ofac-sdn entry 36/);
    // One collection cycle on the mandates it entered: file sent once, the AM04 return presented again, the debits controlled.
    expect(stdout).toMatch(/pain\.008 ddc-\S+\.xml: \d+ collections, [\d.]+ EUR, \d+ block\(s\); (validated against \S+pain\.008\.001\.02\.xsd|NOT checked against a schema)/);
    expect(stdout).toMatch(/AM04 insufficient funds\): presented again in the creditor's next cycle/);
    expect(stdout).toMatch(/dd-control \d{4}-\d{2}-\d{2}: \d+ debit\(s\) booked, each one of our collections as made/);
    // The day's reconciliation: the payments entered matched by their references, the planted breaks found, the account 25.00 off flagged.
    expect(stdout).toMatch(/Daily balancing \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/\d{10} +[\d.-]+ +[\d.-]+ +[\d.-]+ +[\d.-]+ +[\d.-]+ +0\.00 +balanced\n/);
    expect(stdout).toMatch(/\d{10} +[\d.-]+ +[\d.-]+ +[\d.-]+ +[\d.-]+ +[\d.-]+ +-25\.00 +FLAGGED\n/);
    expect(stdout).toMatch(/duplicate, -950\.00 EUR on \d{4}-\d{2}-\d{2}, Hausverwaltung Elbblick — this ledger line repeats GL-5/);
    // The demo made its bot-account passwords, private to the owner, and never showed them.
    expect(statSync(path.join(dir, 'secrets.yaml')).mode & 0o077).toBe(0);
    expect(stdout + stderr).not.toMatch(/DE\d{20}/);
  }, 160_000);

  it('the demo --night runs a compressed night as a plan and prints its morning summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpa-demo-night-'));
    const { code, stdout, stderr } = await rpa(['demo', '--night', '--payments', '12'], {
      REDIS_URL: inject('redisUrl'),
      RPA_REDIS__PREFIX: `night${Date.now()}`,
      RPA_DATA_DIR: dir,
      RPA_SECRETS_FILE: path.join(dir, 'secrets.yaml'),
      RPA_SIMULATOR__CUSTOMERS: '2',
      RPA_LOG__LEVEL: 'warn',
    }, 150_000);
    // On failure: the morning summary (each step's state and reason) is in stdout's tail.
    expect(code, `${stdout.slice(-3000)}\n--- stderr ---\n${stderr.slice(-1000)}`).toBe(0);
    expect(stdout).toMatch(/A compressed night: plan demo-night of \d{4}-\d\d-\d\d, deadline \d\d:\d\d/);
    expect(stdout).toMatch(/forecast \d\d:\d\d/);
    expect(stdout).toMatch(/Night demo-night of \d{4}-\d\d-\d\d: ended \d\d:\d\d, deadline \d\d:\d\d: on time\./);
    expect(stdout).toMatch(/- payments \(payment-batch\): succeeded, .*12 done; EUR [\d.]+ in 12/);
    expect(stdout).toContain('- settlements (collection-answers): succeeded');
    expect(stdout).toMatch(/- dd-control \(dd-control-of-day\): succeeded, .*1 done/);
    expect(stdout).toMatch(/- reconcile \(reconcile-day\): partial, .*1 exception waiting/);
    expect(stdout).toMatch(/- payment-entry: 12 done; done EUR [\d.]+ in 12\n/);
    expect(stdout).toContain('Nothing is still running.');
    expect(stdout + stderr).not.toMatch(/DE\d{20}/);
  }, 160_000);
});
