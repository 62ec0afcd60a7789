import { renameSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { complianceScreeningSchema } from '../../../config/compliance-screening.js';
import { countryCode, DEMO_LIST_FILE, ListRegistry, ListUnreadable, NoListsConfigured, sourcesFromPaths, type RegistryLog } from '../../../compliance/lists/index.js';
import { Screener } from '../../../compliance/screening/index.js';
import { tempDir } from './corpus.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const row = (id: number, name: string, remarks = '-0- ') => `${id},"${name}","individual","TEST",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,${remarks}`;
const V1 = [row(1, 'PETROV, Ivan'), row(2, 'SIDOROVA, Elena')].join('\n');
const V2 = [row(1, 'PETROV, Ivan'), row(2, 'SIDOROVA, Elena'), row(3, 'KUZNETSOV, Boris', '"DOB 1970."')].join('\n');

/** Replaces a file the way list files should be replaced: write beside it, then rename over it. */
function replaceAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function memoryLog(): RegistryLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_o, msg) => lines.push(`info ${msg}`), warn: (_o, msg) => lines.push(`warn ${msg}`) };
}

const screening = complianceScreeningSchema.parse({});

describe('ListRegistry: a new list file is picked up without a restart', () => {
  it('screen, replace the file, screen again: a new version and a new result, both recorded in the result', async () => {
    const sdn = tmp.file('reload-sdn.csv', V1);
    const log = memoryLog();
    const screener = Screener.fromConfig({ lists: { ofacSdn: { sdn }, reloadCheckMs: 0 }, screening }, log);
    const before = await screener.screen({ name: 'Boris Kuznetsov' });
    expect(before.decision).toBe('pass');
    expect(before.listVersions).toHaveLength(1);

    replaceAtomically(sdn, V2);
    const after = await screener.screen({ name: 'Boris Kuznetsov' });
    expect(after.decision).toBe('block');
    expect(after.hits[0]).toMatchObject({ list: 'ofac-sdn', entryId: '3' });
    expect(after.listVersions[0]!.sha256).not.toBe(before.listVersions[0]!.sha256);
    expect(log.lines).toEqual(['info sanctions list loaded', 'info sanctions list reloaded: new version']);
  });

  it('looks at the files at most every reloadCheckMs; the same content again is not a new version', async () => {
    let now = 1_000_000;
    const sdn = tmp.file('interval-sdn.csv', V1);
    const registry = new ListRegistry({ ofacSdn: { sdn } }, { reloadCheckMs: 60_000, now: () => now });
    const first = await registry.current();
    replaceAtomically(sdn, V2);
    now += 59_000;
    expect((await registry.current()).generation).toBe(first.generation); // not looked at yet
    now += 1_000;
    const second = await registry.current();
    expect(second.generation).toBe(first.generation + 1);
    expect(second.lists[0]!.entries).toHaveLength(3);
    replaceAtomically(sdn, V2); // touched, same bytes
    now += 60_000;
    expect((await registry.current()).generation).toBe(second.generation);
  });

  it('screenings that start together, while the first load is under way, all wait for the lists', async () => {
    const sdn = tmp.file('together-sdn.csv', V2);
    const screener = Screener.fromConfig({ lists: { ofacSdn: { sdn }, reloadCheckMs: 60_000 }, screening });
    const results = await Promise.all(['Boris Kuznetsov', 'Ivan Petrov', 'Jane Doe'].map((name) => screener.screen({ name })));
    expect(results.map((r) => r.decision)).toEqual(['block', 'block', 'pass']);
    expect(results.every((r) => r.listVersions.length === 1)).toBe(true);
  });

  it('a broken new file keeps the version in use (reported as stale); a broken first load fails', async () => {
    const sdn = tmp.file('broken-sdn.csv', V1);
    const log = memoryLog();
    const registry = new ListRegistry({ ofacSdn: { sdn } }, { reloadCheckMs: 0, log });
    const good = await registry.current();
    replaceAtomically(sdn, 'ent_num,SDN_Name\n' + V2);
    const kept = await registry.current();
    expect(kept.generation).toBe(good.generation);
    expect(kept.lists[0]!.version.sha256).toBe(good.lists[0]!.version.sha256);
    expect(kept.stale).toEqual([expect.objectContaining({ source: 'ofac-sdn', error: expect.stringMatching(/header/) })]);
    expect(log.lines.at(-1)).toMatch(/^warn .*previous version stays in use/);
    replaceAtomically(sdn, V2);
    const fixed = await registry.current();
    expect(fixed.stale).toEqual([]);
    expect(fixed.generation).toBe(good.generation + 1);

    const never = new ListRegistry({ ofacSdn: { sdn: tmp.file('absent.csv') } }, { reloadCheckMs: 0 });
    await expect(never.current()).rejects.toBeInstanceOf(ListUnreadable);
    expect(() => new ListRegistry({}, { reloadCheckMs: 0 })).toThrow(NoListsConfigured);
  });
});

describe('list sources and countries', () => {
  it('finds the lists in files and folders (for rpa screen --lists)', () => {
    const dir = tempDir();
    try {
      const sdn = dir.file('sdn.csv', V1);
      const alt = dir.file('alt.csv', '1,1,"aka","PETROFF, Ivan",-0- ');
      const un = dir.file('UN_consolidated.xml', '<CONSOLIDATED_LIST/>');
      const eu = dir.file('eu-fsf.csv', 'fileGenerationDate;Entity_LogicalId;NameAlias_WholeName\n');
      dir.file('notes.csv', 'a,b\n');
      expect(sourcesFromPaths([dir.dir])).toEqual({ ofacSdn: { sdn, alt, add: undefined }, un, eu });
      expect(sourcesFromPaths([DEMO_LIST_FILE])).toEqual({ ofacSdn: { sdn: DEMO_LIST_FILE, alt: undefined, add: undefined } });
      expect(sourcesFromPaths([eu, un])).toEqual({ un, eu });
    } finally {
      dir.cleanup();
    }
  });

  it('country names as the lists write them, and codes', () => {
    expect(['Iran', 'Korea, North', 'Congo, Democratic Republic of the', 'Russian Federation', 'Bahamas, The', "Cote d'Ivoire", 'Man, Isle of', 'Burma', 'de', 'GB', 'Ukraine'].map(countryCode)).toEqual([
      'IR', 'KP', 'CD', 'RU', 'BS', 'CI', 'IM', 'MM', 'DE', 'GB', 'UA',
    ]);
    expect(countryCode('Congo, Republic of the')).toBe('CG');
    expect(countryCode('undetermined')).toBeUndefined();
    expect(countryCode('XX')).toBeUndefined();
  });
});
