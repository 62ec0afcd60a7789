/** `rpa demo --serve` writes the demo board users' passwords to a file only its owner reads, never to standard output. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoUsersFile } from '../../cli/demo/serve-board.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-demo-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo board users file', () => {
  it('holds each user, roles and password, with mode 600, also when it was there before with another mode', () => {
    writeFileSync(path.join(dir, 'demo-board-users.txt'), 'old', { mode: 0o644 });
    const file = writeDemoUsersFile(dir, [
      { username: 'operator', roles: ['operator'], password: 'pw-operator-123' },
      { username: 'approver2', roles: ['approver'], password: 'pw-approver2-456' },
    ]);
    expect(file).toBe(path.join(dir, 'demo-board-users.txt'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('operator\toperator\tpw-operator-123');
    expect(text).toContain('approver2\tapprover\tpw-approver2-456');
    expect(text).not.toContain('old');
  });
});
