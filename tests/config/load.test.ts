import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { DEFAULT_CONFIG_FILE, loadConfig, readConfigFile } from '../../config/load.js';
import { botConfig, configSchema } from '../../config/schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-config-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(ext: 'yaml' | 'json', text: string): string {
  const f = path.join(dir, `config-${++n}.${ext}`);
  writeFileSync(f, text);
  return f;
}

/** The ConfigError a load throws (fails the test when it does not throw one). */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

describe('the default config', () => {
  it("loads and validates: the simulator's two systems as targets, the web one with four bot accounts", () => {
    // Run from an empty directory, so that the relative secretsFile (.rpa/secrets.yaml) is not a file of this checkout.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { config, source, secrets } = loadConfig({ env: {} });
      expect(source.file).toBe(DEFAULT_CONFIG_FILE);
      expect(source.overrides).toEqual([]);
      expect(Object.keys(config.targets)).toEqual(['legacy-bank', 'mandate-host']);
      expect(config.targets['mandate-host']!.accounts.map((a) => a.username)).toEqual(['host1', 'host2']);
      const bank = config.targets['legacy-bank']!;
      expect(bank.accounts.map((a) => a.username)).toEqual(['bot1', 'bot2', 'bot3', 'bot4']);
      expect(bank.baseUrl).toBe('http://127.0.0.1:4010');
      expect(bank.breaker).toEqual({ failureThreshold: 5, coolDownMs: 30_000 });
      expect(config.simulator.port).toBe(4010);
      expect(config.bots['balance-check']).toMatchObject({ concurrency: 4 });
      expect(config.log).toEqual({ level: 'info', pretty: 'auto' });
      expect(secrets.file).toBe(path.join(dir, '.rpa/secrets.yaml'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('is valid as it stands in the file (no defaults needed to pass the schema)', () => {
    const raw = readConfigFile(DEFAULT_CONFIG_FILE);
    expect(configSchema.safeParse(raw).success).toBe(true);
    expect(raw).not.toHaveProperty('password');
  });

  it('is what RPA_CONFIG names, when no file is passed', () => {
    const f = file('yaml', 'dataDir: /tmp/from-rpa-config\n');
    expect(loadConfig({ env: { RPA_CONFIG: f } }).config.dataDir).toBe('/tmp/from-rpa-config');
    expect(loadConfig({ env: { RPA_CONFIG: f } }).source.file).toBe(f);
  });

  it('fills defaults for bots the config does not name', () => {
    const { config } = loadConfig({ file: file('yaml', ''), env: {} });
    expect(botConfig(config, 'unknown-bot')).toEqual({ concurrency: 1, attempts: 3, backoffMs: 2000, backoffJitter: 0.5, timeoutMs: 300_000 });
    expect(config.targets).toEqual({});
  });
});

describe('config files', () => {
  it('loads a YAML file', () => {
    const f = file('yaml', 'redis:\n  prefix: "{yaml}"\nlog:\n  level: warn\ntargets:\n  core:\n    baseUrl: https://core.example/\n    accounts: [{ username: svc1 }]\n');
    const { config } = loadConfig({ file: f, env: {} });
    expect(config.redis.prefix).toBe('{yaml}');
    expect(config.log.level).toBe('warn');
    expect(config.targets.core).toMatchObject({ baseUrl: 'https://core.example/', accounts: [{ username: 'svc1' }], leaseTtlMs: 30_000 });
  });

  it('loads a JSON file', () => {
    const f = file('json', JSON.stringify({ dataDir: '/var/rpa', simulator: { port: 0, faults: { errorRate: 0.1 } }, worker: { bots: ['a', 'b'] } }));
    const { config } = loadConfig({ file: f, env: {} });
    expect(config.dataDir).toBe('/var/rpa');
    expect(config.simulator.port).toBe(0);
    expect(config.simulator.faults.errorRate).toBe(0.1);
    expect(config.worker.bots).toEqual(['a', 'b']);
  });

  it('names the file, the key path, what was expected and what was found', () => {
    const f = file('yaml', 'log:\n  level: loud\n');
    const err = configError(() => loadConfig({ file: f, env: {} }));
    expect(err.source).toBe(f);
    expect(err.message).toContain(f);
    expect(err.message).toMatch(/log\.level: expected one of "trace"\|"debug"\|.*"silent", found "loud"/);
    expect(err.message).not.toContain('expected expected');
    expect(err.problems).toEqual([{ path: 'log.level', expected: expect.stringContaining('one of'), found: '"loud"' }]);
    expect(err.whatNext).toContain('rpa config check');
  });

  it('makes unknown keys errors, at any depth', () => {
    const f = file('yaml', 'redis:\n  prefixx: rpa\ntargets:\n  t:\n    baseUrl: http://x.example\n    accounts: [{ username: a, usrname: b }]\n');
    const err = configError(() => loadConfig({ file: f, env: {} }));
    expect(err.message).toContain('redis.prefixx: no such key');
    expect(err.message).toContain('targets.t.accounts.0.usrname: no such key');
    expect(err.problems.map((p) => p.path).sort()).toEqual(['redis.prefixx', 'targets.t.accounts.0.usrname']);
  });

  it('reports wrong types and out-of-range values with what was found', () => {
    const f = file('json', JSON.stringify({ simulator: { faults: { errorRate: 2 } }, bots: { b: { concurrency: '4' } }, targets: { t: { baseUrl: 'nope', accounts: [] } } }));
    const err = configError(() => loadConfig({ file: f, env: {} }));
    expect(err.message).toMatch(/simulator\.faults\.errorRate: expected .*<=1.*, found number 2/);
    expect(err.message).toContain('bots.b.concurrency: expected number, found "4"');
    expect(err.message).toContain('targets.t.baseUrl: expected a valid URL, found "nope"');
    expect(err.message).toMatch(/targets\.t\.accounts: expected .*>=1.*, found a list of 0/);
  });

  it('tells that secrets go in the environment or the secrets file, without repeating the value', () => {
    const f = file('yaml', 'password: hunter2-in-config\ntargets:\n  t:\n    baseUrl: http://x.example\n    accounts: [{ username: a, password: also-secret }]\n');
    const err = configError(() => loadConfig({ file: f, env: {} }));
    expect(err.message).toMatch(/^ {2}password: no such key \(secrets go in the environment or the secrets file/m);
    expect(err.message).toMatch(/targets\.t\.accounts\.0\.password: no such key \(secrets go in the environment or the secrets file/);
    expect(err.message).not.toContain('hunter2-in-config');
    expect(err.message).not.toContain('also-secret');
  });

  it('reports unreadable, unparsable and non-mapping files as ConfigErrors naming the file', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(configError(() => loadConfig({ file: missing, env: {} })).message).toContain(missing);
    const broken = file('yaml', 'log: [unclosed\n');
    expect(configError(() => loadConfig({ file: broken, env: {} })).message).toMatch(/expected valid YAML or JSON/);
    const list = file('yaml', '- a\n- b\n');
    expect(configError(() => loadConfig({ file: list, env: {} })).message).toContain('(root): expected a mapping of keys, found a list of 2');
  });
});

describe('environment overrides', () => {
  const base = () => file('yaml', 'targets:\n  legacy-bank:\n    baseUrl: http://127.0.0.1:4010\n    accounts: [{ username: bot1 }]\n');

  it('set single keys, read as JSON when they parse', () => {
    const { config, source } = loadConfig({
      file: base(),
      env: { RPA_SIMULATOR__FAULTS__ERROR_RATE: '0.25', RPA_LOG__LEVEL: 'debug', RPA_BROWSER__HEADLESS: 'false', RPA_WORKER__BOTS: '["a"]' },
    });
    expect(config.simulator.faults.errorRate).toBe(0.25);
    expect(config.log.level).toBe('debug');
    expect(config.browser.headless).toBe(false);
    expect(config.worker.bots).toEqual(['a']);
    // Only the named keys change; their siblings keep the file's values and defaults.
    expect(config.simulator.faults.latencyMs).toBe(0);
    expect(config.log.pretty).toBe('auto');
    expect(source.overrides).toEqual(['RPA_BROWSER__HEADLESS', 'RPA_LOG__LEVEL', 'RPA_SIMULATOR__FAULTS__ERROR_RATE', 'RPA_WORKER__BOTS']);
  });

  it('set a key of a record entry (a target named in the file)', () => {
    const { config } = loadConfig({
      file: base(),
      env: { RPA_TARGETS__LEGACY_BANK__BASE_URL: 'http://10.0.0.5:8080', RPA_TARGETS__LEGACY_BANK__BREAKER__FAILURE_THRESHOLD: '9' },
    });
    expect(config.targets['legacy-bank']!.baseUrl).toBe('http://10.0.0.5:8080');
    expect(config.targets['legacy-bank']!.breaker.failureThreshold).toBe(9);
    expect(Object.keys(config.targets)).toEqual(['legacy-bank']);
  });

  it('keep text for text keys even when it looks like a number', () => {
    const { config } = loadConfig({ file: base(), env: { RPA_REDIS__PREFIX: '123', RPA_DATA_DIR: '2024' } });
    expect(config.redis.prefix).toBe('123');
    expect(config.dataDir).toBe('2024');
  });

  it('make an unknown RPA_ variable an error naming the variable', () => {
    const err = configError(() => loadConfig({ file: base(), env: { RPA_NOPE: '1' } }));
    expect(err.message).toContain('RPA_NOPE');
    expect(err.problems).toEqual([{ path: 'NOPE', expected: 'a known configuration key', found: 'environment variable RPA_NOPE' }]);
    const nested = configError(() => loadConfig({ file: base(), env: { RPA_LOG__COLOUR: '1' } }));
    expect(nested.message).toContain('log.COLOUR: expected a known configuration key, found environment variable RPA_LOG__COLOUR');
  });

  it('are validated like the file, naming the variable that set the bad value', () => {
    const err = configError(() => loadConfig({ file: base(), env: { RPA_LOG__LEVEL: 'loud' } }));
    expect(err.message).toContain('(with RPA_LOG__LEVEL)');
    expect(err.message).toContain('log.level: expected one of');
    expect(err.message).toContain('found "loud"');
  });

  it('take REDIS_URL as redis.url', () => {
    const { config, source } = loadConfig({ file: base(), env: { REDIS_URL: 'redis://:pw@redis.internal:6380/2' } });
    expect(config.redis.url).toBe('redis://:pw@redis.internal:6380/2');
    expect(config.redis.prefix).toBe('rpa');
    expect(source.overrides).toEqual(['REDIS_URL']);
  });

  it('do not treat RPA_SECRET_* and RPA_CONFIG as config keys', () => {
    const f = base();
    const { config, source, secrets } = loadConfig({
      file: f,
      env: { RPA_CONFIG: '/nonexistent/ignored-because-file-is-passed.yaml', RPA_SECRET_LEGACY_BANK_BOT1: 's3cret-bot1', RPA_SECRET_ANYTHING: 'x' },
    });
    expect(source.overrides).toEqual([]);
    expect(source.file).toBe(f);
    expect(secrets.get('legacy-bank/bot1')).toBe('s3cret-bot1');
    expect(JSON.stringify(config)).not.toContain('s3cret-bot1');
  });
});
