import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { maskValue } from '../logging/redact.js';

/** One line an item's logger wrote, masked like every log line (IBANs, accounts, secrets). */
export interface ItemLogLine {
  time: number;
  level: string;
  msg?: string;
  [field: string]: unknown;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
const LINE_MAX_CHARS = 2_000;

/**
 * The last log lines of each item, in Redis (a list per item, at most `max` lines, expiring with
 * the item's completed job), for the item's page on the board. The worker buffers an attempt's
 * lines and appends them in one round trip when the attempt ends.
 */
export class ItemLogs {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly max = 200,
    private readonly ttlSec = 30 * 24 * 3600,
  ) {}

  key(itemId: string): string {
    return `${this.prefix}:item-log:${itemId}`;
  }

  async append(itemId: string, lines: ItemLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    const key = this.key(itemId);
    await this.redis
      .multi()
      .rpush(key, ...lines.slice(-this.max).map(serialise))
      .ltrim(key, -this.max, -1)
      .expire(key, this.ttlSec)
      .exec();
  }

  /** The item's last `limit` lines, oldest first. */
  async tail(itemId: string, limit = this.max): Promise<ItemLogLine[]> {
    const raw = await this.redis.lrange(this.key(itemId), -Math.max(1, limit), -1);
    return raw.map((s) => JSON.parse(s) as ItemLogLine);
  }
}

function serialise(line: ItemLogLine): string {
  const json = JSON.stringify(maskValue(line));
  return json.length <= LINE_MAX_CHARS ? json : JSON.stringify({ time: line.time, level: line.level, msg: `${String(line.msg ?? '').slice(0, 500)} [line cut at ${LINE_MAX_CHARS} characters]` });
}

/** What a pino call (`log.info(obj, msg)`, `log.info(msg)`, `log.error(err)`) says, as one line. */
function toLine(level: string, args: unknown[]): ItemLogLine {
  const [first, ...rest] = args;
  const line: ItemLogLine = { time: Date.now(), level };
  if (first instanceof Error) {
    line.err = { name: first.name, message: first.message };
    line.msg = rest.length ? rest.map(String).join(' ') : first.message;
  } else if (first !== null && typeof first === 'object') {
    for (const [k, v] of Object.entries(first)) line[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
    if (rest.length) line.msg = rest.map(String).join(' ');
  } else if (first !== undefined) {
    line.msg = [first, ...rest].map(String).join(' ');
  }
  return line;
}

/** The logger, unchanged, that also hands each line it writes (at an enabled level) to `record`. */
export function recordingLogger(logger: Logger, record: (line: ItemLogLine) => void): Logger {
  return new Proxy(logger, {
    get(target, prop) {
      if (typeof prop === 'string' && LEVELS.includes(prop)) {
        const write = Reflect.get(target, prop, target) as (...a: unknown[]) => void;
        return (...args: unknown[]) => {
          if (target.isLevelEnabled(prop)) record(toLine(prop, args));
          return write.apply(target, args);
        };
      }
      if (prop === 'child') return (...a: Parameters<Logger['child']>) => recordingLogger(target.child(...a) as unknown as Logger, record);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
