import { stringify } from 'yaml';
import type { LoadedConfig } from './load.js';
import { Secrets } from './secrets.js';

/**
 * Hides the password in a URL such as redis://:pw@host:6379. The user info runs to the
 * last `@`, so that a password holding an unescaped `@` or `/` is hidden whole.
 */
export function maskUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)(.*)@/i, (_, scheme: string, userinfo: string) => {
    const user = userinfo.includes(':') ? userinfo.split(':')[0] : '';
    return `${scheme}${user ? user + ':' : ':'}****@`;
  });
}

/** The secrets the config refers to, each shown as set (masked) or missing. */
export function secretStatus(loaded: LoadedConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [target, t] of Object.entries(loaded.config.targets)) {
    for (const { username } of t.accounts) {
      const name = Secrets.accountPassword(target, username);
      out[name] = loaded.secrets.has(name) ? '**** (set)' : `(not set: ${Secrets.envName(name)} or the secrets file)`;
    }
  }
  const c = loaded.config;
  const named = [
    c.board.sessionKeySecret,
    c.compliance.alerts.webhook?.secret,
    c.compliance.alerts.email?.username ? c.compliance.alerts.email.passwordSecret : undefined,
  ].filter((n): n is string => typeof n === 'string');
  for (const name of named) out[name] = loaded.secrets.has(name) ? '**** (set)' : `(not set: ${Secrets.envName(name)} or the secrets file)`;
  return out;
}

/** The effective configuration, as YAML, with secrets masked. */
export function formatEffectiveConfig(loaded: LoadedConfig): string {
  const config = structuredClone(loaded.config);
  if (config.redis.url) config.redis.url = maskUrlCredentials(config.redis.url);
  for (const target of Object.values(config.targets)) target.baseUrl = maskUrlCredentials(target.baseUrl);
  // A password hash is not a password, but it is what an offline guesser needs: never printed.
  for (const user of config.board.users) user.passwordHash = '**** (scrypt hash)';
  const header = [
    `# file: ${loaded.source.file}`,
    `# overridden by: ${loaded.source.overrides.length ? loaded.source.overrides.join(', ') : '(none)'}`,
    `# secrets file: ${loaded.secrets.file ?? '(none)'}`,
  ].join('\n');
  let text = `${header}\n${stringify({ ...config, secrets: secretStatus(loaded) })}`;
  // Last line of defence: a known secret value that found its way into any key is never shown.
  const values = loaded.secrets.values().filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  for (const value of values) text = text.split(value).join('****');
  return text;
}
