import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { Secrets } from '../../config/secrets.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-secrets-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretsFile(name: string, text: string, mode: number): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  chmodSync(f, mode);
  return f;
}

function configWithSecretsFile(secrets: string): string {
  const f = path.join(dir, `config-${path.basename(secrets)}.yaml`);
  writeFileSync(f, `secretsFile: ${secrets}\ntargets:\n  legacy-bank:\n    baseUrl: http://127.0.0.1:4010\n    accounts: [{ username: bot1 }, { username: bot2 }]\n`);
  return f;
}

function secretError(run: () => unknown): SecretError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretError);
    return err as SecretError;
  }
  throw new Error('expected a SecretError');
}

describe('secrets', () => {
  it('names the environment variable of a secret', () => {
    expect(Secrets.accountPassword('legacy-bank', 'bot1')).toBe('legacy-bank/bot1');
    expect(Secrets.envName('legacy-bank/bot1')).toBe('RPA_SECRET_LEGACY_BANK_BOT1');
  });

  it('come from the environment (RPA_SECRET_<NAME>)', () => {
    const secrets = Secrets.load(undefined, { RPA_SECRET_LEGACY_BANK_BOT1: 'env-pw-1', OTHER: 'not-a-secret' });
    expect(secrets.has('legacy-bank/bot1')).toBe(true);
    expect(secrets.get('legacy-bank/bot1')).toBe('env-pw-1');
    expect(secrets.has('legacy-bank/bot2')).toBe(false);
    expect(secrets.values()).toEqual(['env-pw-1']);
  });

  it('come from the secrets file (mode 600) named in the config', () => {
    const f = secretsFile('ok.yaml', 'legacy-bank/bot1: file-pw-1\nlegacy-bank/bot2: 123456\n', 0o600);
    const { secrets } = loadConfig({ file: configWithSecretsFile(f), env: {} });
    expect(secrets.file).toBe(f);
    expect(secrets.get('legacy-bank/bot1')).toBe('file-pw-1');
    expect(secrets.get('legacy-bank/bot2')).toBe('123456');
    expect(secrets.values().sort()).toEqual(['123456', 'file-pw-1']);
  });

  it('read a JSON secrets file too, and the environment wins over the file', () => {
    const f = secretsFile('ok.json', JSON.stringify({ 'legacy-bank/bot1': 'file-pw', 'legacy-bank/bot2': 'file-pw-2' }), 0o600);
    const secrets = Secrets.load(f, { RPA_SECRET_LEGACY_BANK_BOT1: 'env-pw' });
    expect(secrets.get('legacy-bank/bot1')).toBe('env-pw');
    expect(secrets.get('legacy-bank/bot2')).toBe('file-pw-2');
  });

  it('refuse a secrets file readable by others (mode 644), saying chmod 600', () => {
    const f = secretsFile('open.yaml', 'legacy-bank/bot1: leaked-pw\n', 0o644);
    const err = secretError(() => loadConfig({ file: configWithSecretsFile(f), env: {} }));
    expect(err.message).toContain(f);
    expect(err.message).toContain('644');
    expect(err.message).not.toContain('leaked-pw');
    expect(err.whatNext).toBe(`Run: chmod 600 ${f}`);
    // Group-readable alone is refused as well.
    const g = secretsFile('group.yaml', 'a: b\n', 0o640);
    expect(secretError(() => Secrets.load(g, {})).whatNext).toContain('chmod 600');
  });

  it('allow a named secrets file that does not exist yet', () => {
    const secrets = Secrets.load(path.join(dir, 'not-yet.yaml'), { RPA_SECRET_X: 'from-env' });
    expect(secrets.get('x')).toBe('from-env');
  });

  it('give a SecretError naming the variable (and the file) when a secret is missing', () => {
    const noFile = secretError(() => Secrets.load(undefined, {}).get('legacy-bank/bot3'));
    expect(noFile.message).toContain('legacy-bank/bot3');
    expect(noFile.whatNext).toContain('RPA_SECRET_LEGACY_BANK_BOT3');
    expect(noFile.whatNext).toContain('secretsFile');
    const f = secretsFile('partial.yaml', 'legacy-bank/bot1: p\n', 0o600);
    const withFile = secretError(() => Secrets.load(f, {}).get('legacy-bank/bot3'));
    expect(withFile.whatNext).toContain('RPA_SECRET_LEGACY_BANK_BOT3');
    expect(withFile.whatNext).toContain(f);
    expect(withFile.whatNext).toContain('mode 600');
  });
});
