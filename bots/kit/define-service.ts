import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { Secrets } from '../../config/secrets.js';
import type { BotServices } from './context.js';

/** What a process gives every service it builds. */
export interface ServiceDeps {
  config: Config;
  redis: Redis;
  /** Our own key prefix (queue/keys.ts `ownKeys`). */
  keyPrefix: string;
  secrets: Secrets;
  log: Logger;
}

/**
 * A service of the process that bots use (screening and AML, later a statement store): declared
 * by the bots that need it (`defineBot({ services: [...] })`) and built once per process, on first
 * use, by the worker's runtime, which names none of them. Its name is a key of `BotServices`,
 * where the bot's folder declares its type.
 */
export interface Service<N extends keyof BotServices = keyof BotServices> {
  name: N;
  make(deps: ServiceDeps): BotServices[N];
}

export function defineService<N extends keyof BotServices>(name: N, make: (deps: ServiceDeps) => BotServices[N]): Service<N> {
  return { name, make };
}
