/** `rpa user add` (in-process, with its standard input), `rpa audit verify` and `rpa board` (child processes, as a user runs them; real Redis). */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { SecretError } from '../../config/errors.js';
import { configSchema } from '../../config/schema.js';
import { Secrets } from '../../config/secrets.js';
import { createLogger } from '../../logging/logger.js';
import { AuditLog } from '../../queue/audit/audit-log.js';
import { hashPassword, verifyPassword } from '../../queue/board/auth/passwords.js';
import { startBoard } from '../../queue/board/server.js';
import type { Runtime } from '../../queue/runtime.js';
import { parseRoles, writeBoardUser } from '../../cli/board-users-file.js';
import { user } from '../../cli/commands/user.js';
import { createRedis } from '../../queue/redis.js';

const FAST = { N: 1024, r: 8, p: 1 };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-board-cli-'));
const redis = createRedis(inject('redisUrl'));
afterAll(() => redis.quit());

interface Run {
  child: ReturnType<typeof spawn>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  output: () => string;
}

function rpa(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RPA_') && k !== 'REDIS_URL'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/rpa.ts'), ...args], {
    cwd: ROOT,
    env: { ...clean, RPA_SECRETS_FILE: path.join(dir, 'secrets.yaml'), RPA_LOG__LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, exited, output: () => stdout };
}

describe('rpa user add', () => {
  it('writes the scrypt hash and roles into the config file, keeps the rest of it, and never the password', async () => {
    const file = path.join(dir, 'config.yaml');
    copyFileSync(path.join(ROOT, 'config/default.yaml'), file);
    const password = 'correct horse battery staple';
    let out = '';
    const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const code = await user({ roles: 'operator,handler', 'password-stdin': true, config: file }, 'add', ['carol'], { stdin: Readable.from([`${password}\n`]), stdout });
    expect(code).toBe(0);
    expect(out).toContain('added board user carol (operator, handler)');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# The configuration the demo runs on'); // comments kept
    expect(text).not.toContain(password);
    const users = (parse(text) as { board: { users: { username: string; passwordHash: string; roles: string[] }[] } }).board.users;
    expect(users).toEqual([{ username: 'carol', passwordHash: expect.stringMatching(/^scrypt\$32768\$8\$1\$/), roles: ['operator', 'handler'] }]);
    expect(await verifyPassword(password, users[0]!.passwordHash)).toBe(true);
    await expect(user({ roles: 'viewer', 'password-stdin': true, config: file }, 'add', ['dave'], { stdin: Readable.from(['short']), stdout })).rejects.toThrow(/too short/);
  });

  it('replaces the hash and roles of a user who is there already, and refuses unknown roles (in-process)', async () => {
    const file = path.join(dir, 'config-2.yaml');
    copyFileSync(path.join(ROOT, 'config/default.yaml'), file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^board:\n/m, 'board:\n  tls: { certFile: a.pem, keyFile: b.pem } # our TLS\n'));
    expect(writeBoardUser(file, { username: 'carol', passwordHash: await hashPassword('first password', FAST), roles: ['operator'] })).toEqual({ created: true });
    expect(writeBoardUser(file, { username: 'dave', passwordHash: await hashPassword('second password', FAST), roles: ['admin'] })).toEqual({ created: true });
    expect(writeBoardUser(file, { username: 'carol', passwordHash: await hashPassword('third password', FAST), roles: ['viewer'] })).toEqual({ created: false });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('tls: { certFile: a.pem, keyFile: b.pem } # our TLS');
    const users = (parse(text) as { board: { users: { username: string; passwordHash: string; roles: string[] }[] } }).board.users;
    expect(users.map((u) => [u.username, u.roles])).toEqual([['carol', ['viewer']], ['dave', ['admin']]]);
    expect(await verifyPassword('third password', users[0]!.passwordHash)).toBe(true);
    expect(() => parseRoles('operator,root')).toThrow(/not: root/);
    expect(() => parseRoles('')).toThrow(/--roles needs/);
    expect(parseRoles('handler, approver,handler')).toEqual(['handler', 'approver']);
    expect(() => writeBoardUser(file, { username: 'bad name!', passwordHash: 'x', roles: ['viewer'] })).toThrow(/board\.users\.2\.username/);
  });
});

describe.concurrent('rpa audit verify and rpa board', () => {
  it('audit verify names the entry changed directly in Redis, and exits 1', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const log = new AuditLog(redis, `${prefix}:_`);
    for (const action of ['sign-in', 'dispatch', 'retry']) await log.append({ actor: 'olivia', action, target: 'run-1' });
    const env = { REDIS_URL: inject('redisUrl'), RPA_REDIS__PREFIX: prefix };
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });
    const key = `${prefix}:_:audit:entries`;
    const entry = JSON.parse((await redis.hget(key, '2'))!) as Record<string, unknown>;
    await redis.hset(key, '2', JSON.stringify({ ...entry, target: 'run-2' }));
    const broken = await rpa(['audit', 'verify'], { env }).exited;
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/audit trail BROKEN at entry 2 \(of 3\): its content does not match its hash/);
  });

  it('board serves the sign-in page until SIGTERM', async () => {
    const env = { REDIS_URL: inject('redisUrl'), RPA_REDIS__PREFIX: `t${randomUUID().slice(0, 8)}` };
    const board = rpa(['board', '--port', '0'], { env: { ...env, RPA_SECRET_BOARD_SESSION_KEY: 'k'.repeat(44) } });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /board: (http:\/\/\S+)/.exec(board.output());
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      void board.exited.then((r) => {
        clearInterval(timer);
        reject(new Error(`exited ${r.code}: ${r.stderr}`));
      });
    });
    const res = await fetch(`${url}/signin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await fetch(`${url}/audit`, { redirect: 'manual' })).status).toBe(303);
    board.child.kill('SIGTERM');
    expect((await board.exited).code).toBe(0);

  });

  it('board does not start without a session key, and says where to put one', async () => {
    const config = configSchema.parse({});
    const services = { rt: {} as Runtime, config, log: createLogger({ level: 'silent', pretty: 'never' }), audit: {} as AuditLog };
    const err = (await startBoard(services, { secrets: Secrets.load(undefined, {}), port: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    )) as SecretError;
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toMatch(/secret "board\/session-key" is not set/);
    expect(err.whatNext).toMatch(/RPA_SECRET_BOARD_SESSION_KEY/);
    await expect(startBoard(services, { sessionKey: 'too short', port: 0 })).rejects.toThrow(/too short to sign cookies/);
  });
});
