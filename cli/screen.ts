import { loadConfig } from '../config/load.js';
import { countryCode, sourcesFromPaths, type PartyType } from '../compliance/lists/index.js';
import { explain, parseQueryDob, Screener, type ScreeningQuery } from '../compliance/screening/index.js';
import { UsageError } from './commands/exceptions.js';

export const SCREEN_HELP = `  rpa screen "NAME" [--country XX] [--dob YYYY-MM-DD] [--type individual|entity|vessel|aircraft]
             [--bic BIC] [--imo NUMBER] [--lists PATH[,PATH]] [--json]
                                    screen one name against the sanctions lists (compliance.lists, or the
                                    files or folders given by --lists) and explain the result;
                                    exit code 0 pass, 3 review, 4 block (1 error, 2 usage, as for every command)
`;

/** Exit codes of `rpa screen` by decision (1 and 2 stay the command line's error and usage codes). */
export const SCREEN_EXIT = { pass: 0, review: 3, block: 4 } as const;

export interface ScreenFlags {
  config?: string;
  country?: string;
  dob?: string;
  type?: string;
  bic?: string;
  imo?: string;
  lists?: string;
  json?: boolean;
}

const TYPES: PartyType[] = ['individual', 'entity', 'vessel', 'aircraft'];

/** `rpa screen "NAME"`: screens one name and prints the decision with its explanation (or the result as JSON). */
export async function screen(flags: ScreenFlags, words: (string | undefined)[]): Promise<number> {
  const name = words.filter(Boolean).join(' ').trim();
  if (!name) throw new UsageError('rpa screen "NAME" [--country XX] [--dob YYYY-MM-DD]: a name is needed');
  if (flags.dob && !parseQueryDob(flags.dob)) throw new UsageError(`--dob "${flags.dob}": write the date of birth as YYYY-MM-DD or YYYY`);
  if (flags.country && !countryCode(flags.country)) throw new UsageError(`--country "${flags.country}": an ISO 3166 country code (DE, IR) or an English country name`);
  if (flags.type && !TYPES.includes(flags.type as PartyType)) throw new UsageError(`--type "${flags.type}": one of ${TYPES.join(', ')}`);
  const { config } = loadConfig({ file: flags.config });
  let lists = config.compliance.lists;
  if (flags.lists) {
    const sources = sourcesFromPaths(flags.lists.split(',').map((p) => p.trim()).filter(Boolean));
    if (!sources.ofacSdn && !sources.un && !sources.eu) {
      throw new UsageError(`--lists ${flags.lists}: no list found (an sdn*.csv, a UN .xml, or an EU semicolon .csv, or a folder with them)`);
    }
    lists = { ...sources, reloadCheckMs: lists.reloadCheckMs };
  }
  const query: ScreeningQuery = {
    name,
    ...(flags.country ? { country: flags.country } : {}),
    ...(flags.dob ? { dob: flags.dob } : {}),
    ...(flags.type ? { type: flags.type as PartyType } : {}),
    identifiers: [...(flags.bic ? [{ kind: 'BIC' as const, value: flags.bic }] : []), ...(flags.imo ? [{ kind: 'IMO' as const, value: flags.imo }] : [])],
  };
  const screener = Screener.fromConfig({ lists, screening: config.compliance.screening });
  const result = await screener.screen(query);
  process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : explain(result));
  return SCREEN_EXIT[result.decision];
}
