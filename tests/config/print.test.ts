import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../config/load.js';
import { formatEffectiveConfig, maskUrlCredentials, secretStatus } from '../../config/print.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-print-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOT1_PW = 'Pw-bot1-Qz81!x';
const BOT2_PW = 'Pw-bot2-from-file';
const REDIS_PW = 'redisPass/with@chars';
/** An scrypt hash in the form `rpa user add` writes (the salt and hash are made up for the test). */
const HASH = `scrypt$16384$8$1$${Buffer.alloc(16, 7).toString('base64')}$${Buffer.alloc(32, 9).toString('base64')}`;

function setup() {
  const secrets = path.join(dir, 'secrets.yaml');
  writeFileSync(secrets, `legacy-bank/bot2: ${BOT2_PW}\n`);
  chmodSync(secrets, 0o600);
  const file = path.join(dir, 'config.yaml');
  writeFileSync(
    file,
    `secretsFile: ${secrets}\ntargets:\n  legacy-bank:\n    baseUrl: http://127.0.0.1:4010\n    accounts: [{ username: bot1 }, { username: bot2 }, { username: bot3 }]\n` +
      `board:\n  users: [{ username: olivia, passwordHash: "${HASH}", roles: [operator] }]\n`,
  );
  return loadConfig({
    file,
    env: { RPA_SECRET_LEGACY_BANK_BOT1: BOT1_PW, REDIS_URL: `redis://admin:${REDIS_PW}@redis.internal:6379/0`, RPA_LOG__LEVEL: 'debug' },
  });
}

describe('formatEffectiveConfig', () => {
  const loaded = setup();
  const out = formatEffectiveConfig(loaded);

  it('never shows a known secret value', () => {
    for (const secret of [BOT1_PW, BOT2_PW, REDIS_PW, 'redisPass']) expect(out).not.toContain(secret);
  });

  it('never shows a board user\'s password hash', () => {
    const shown = parse(out) as { board: { users: { username: string; passwordHash: string }[] } };
    expect(shown.board.users).toEqual([expect.objectContaining({ username: 'olivia', passwordHash: '**** (scrypt hash)' })]);
    expect(out).not.toContain(HASH.split('$')[5]!);
  });

  it('masks the password of the redis URL, keeping user, host, port and db', () => {
    const shown = parse(out) as { redis: { url: string } };
    expect(shown.redis.url).toBe('redis://admin:****@redis.internal:6379/0');
  });

  it('shows set secrets as **** and missing ones with where to set them', () => {
    const shown = parse(out) as { secrets: Record<string, string> };
    expect(shown.secrets).toEqual({
      'legacy-bank/bot1': '**** (set)',
      'legacy-bank/bot2': '**** (set)',
      'legacy-bank/bot3': '(not set: RPA_SECRET_LEGACY_BANK_BOT3 or the secrets file)',
      'board/session-key': '(not set: RPA_SECRET_BOARD_SESSION_KEY or the secrets file)',
    });
    expect(secretStatus(loaded)).toEqual(shown.secrets);
  });

  it('shows the effective config: file, overrides, secrets file and values', () => {
    expect(out).toContain(`# file: ${path.join(dir, 'config.yaml')}`);
    expect(out).toContain('# overridden by: REDIS_URL, RPA_LOG__LEVEL');
    expect(out).toContain(`# secrets file: ${path.join(dir, 'secrets.yaml')}`);
    const shown = parse(out) as { log: { level: string }; targets: Record<string, { baseUrl: string; accounts: unknown[] }> };
    expect(shown.log.level).toBe('debug');
    expect(shown.targets['legacy-bank']).toMatchObject({ baseUrl: 'http://127.0.0.1:4010', accounts: [{ username: 'bot1' }, { username: 'bot2' }, { username: 'bot3' }] });
  });

  it('does not change the loaded config', () => {
    expect(loaded.config.redis.url).toBe(`redis://admin:${REDIS_PW}@redis.internal:6379/0`);
  });

  it('masks credentials in a target URL and a secret value wherever it appears', () => {
    const withCreds = { ...loaded, config: structuredClone(loaded.config) };
    withCreds.config.targets['legacy-bank']!.baseUrl = `http://bot1:${BOT1_PW}@127.0.0.1:4010/`;
    withCreds.config.dataDir = `/data/${BOT2_PW}`;
    const text = formatEffectiveConfig(withCreds);
    expect(text).not.toContain(BOT1_PW);
    expect(text).not.toContain(BOT2_PW);
    expect(text).toContain('http://bot1:****@127.0.0.1:4010/');
  });
});

describe('maskUrlCredentials', () => {
  it.each([
    ['redis://:pw@host:6379', 'redis://:****@host:6379'],
    ['redis://user:pw@host:6379/1', 'redis://user:****@host:6379/1'],
    ['rediss://:p@ss@host', 'rediss://:****@host'],
    ['redis://:pa/ss@host:6379', 'redis://:****@host:6379'],
    ['https://tokenonly@git.example/x', 'https://:****@git.example/x'],
    ['redis://host:6379', 'redis://host:6379'],
    ['redis://127.0.0.1:6379/0', 'redis://127.0.0.1:6379/0'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrlCredentials(url)).toBe(masked);
  });
});
