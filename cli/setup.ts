import { loadConfig, type LoadedConfig } from '../config/load.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { registerSecretValues } from '../logging/redact.js';
import { botRegistry, runRegistry, targetRegistry } from '../bots/registry.js';
import { connectRedis, type RedisEndpoint } from '../queue/connect.js';
import { Runtime } from '../queue/runtime.js';

export interface CliFlags {
  config?: string;
  pretty?: boolean;
}

/** Config and logger for a command; every secret value is registered for masking before anything logs. */
export function setup(flags: CliFlags): LoadedConfig & { log: Logger } {
  const loaded = loadConfig({ file: flags.config });
  registerSecretValues(loaded.secrets.values());
  const log = createLogger({ level: loaded.config.log.level, pretty: flags.pretty ? 'always' : loaded.config.log.pretty });
  return { ...loaded, log };
}

/** Redis (configured, or the private one of the data directory) and a runtime with every registered bot. */
export async function startRuntime(loaded: LoadedConfig & { log: Logger }): Promise<{ rt: Runtime; redis: RedisEndpoint; close(): Promise<void> }> {
  const redis = await connectRedis(loaded.config, loaded.log.child({ part: 'redis' }));
  loaded.log.info({ redis: redis.origin }, 'redis ready');
  const rt = new Runtime(loaded.config, loaded.secrets, redis.url, loaded.log, botRegistry(), targetRegistry(), runRegistry());
  return {
    rt,
    redis,
    close: async () => {
      await rt.close();
      await redis.stop();
    },
  };
}
