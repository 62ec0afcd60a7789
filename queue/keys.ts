/**
 * BullMQ keeps its keys under `<prefix>:<queue>:...`; ours live under `<prefix>:_:...`.
 * Bot names start with a letter, so no queue can be called `_`.
 */
export function ownKeys(prefix: string): string {
  return `${prefix}:_`;
}

/** One queue per bot, named after it. */
export function queueName(bot: string): string {
  return bot;
}
