/**
 * compliance/lists — the sanctions lists (OFAC SDN CSV, UN consolidated XML, EU consolidated CSV)
 * loaded into one shape, each with its version (content hash and date), and a registry that
 * reloads a list when its file changes.
 */
export { loadOfacSdn, parseOfacSdn } from './ofac-sdn.js';
export type { OfacSdnFiles } from './ofac-sdn.js';
export { loadUnConsolidated, parseUnConsolidated } from './un-consolidated.js';
export { loadEuConsolidated, parseEuConsolidated } from './eu-consolidated.js';
export { ListRegistry } from './registry.js';
export type { LoadedLists, RegistryLog } from './registry.js';
export { loadSource, sourceFiles, sourcesFromPaths, DEMO_LIST_FILE } from './sources.js';
export type { ListSources } from './sources.js';
export { ListUnreadable, NoListsConfigured } from './errors.js';
export { countryCode, countryCodes } from './countries.js';
export { parseBirthDate } from './birth-date.js';
export { parseOfacRemarks } from './ofac-remarks.js';
export type * from './types.js';
