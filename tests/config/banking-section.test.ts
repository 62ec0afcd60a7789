import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';

/** The `banking:` section of the config (config/ owns the schema; banking/ reads the parsed values). */
const bankingSettingsSchema = configSchema.shape.banking;

describe('the banking: config section', () => {
  it('has sensible defaults', () => {
    expect(bankingSettingsSchema.parse({})).toEqual({
      holidays: [],
      cutOff: '15:00',
      timeZone: 'Europe/Berlin',
      onInvalidExecutionDate: 'roll-forward',
      amountLocale: 'de',
    });
  });

  it('accepts a full section', () => {
    const settings = bankingSettingsSchema.parse({
      holidays: ['2025-10-03', { date: '2025-12-24', name: 'Christmas Eve' }],
      cutOff: '14:30',
      timeZone: 'Europe/Vienna',
      onInvalidExecutionDate: 'reject',
      amountLocale: 'en',
    });
    expect(settings.holidays).toHaveLength(2);
    expect(settings.onInvalidExecutionDate).toBe('reject');
  });

  it.each([
    [{ holidays: ['2025-02-30'] }, 'holidays'],
    [{ holidays: ['03.10.2025'] }, 'holidays'],
    [{ holidays: [{ date: '2025-10-03' }] }, 'holidays'],
    [{ cutOff: '24:00' }, 'cutOff'],
    [{ cutOff: '3pm' }, 'cutOff'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ onInvalidExecutionDate: 'guess' }, 'onInvalidExecutionDate'],
    [{ amountLocale: 'fr' }, 'amountLocale'],
    [{ unknownKey: 1 }, ''],
  ])('refuses %j', (input, key) => {
    const result = bankingSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (key) expect(result.error?.issues[0]?.path[0]).toBe(key);
  });
});
