// Synthetic data for the demo, the tests and the benchmarks: invented victims registered by several
// agencies with the variations real registries show. Pure: no I/O. See README.md.
export {
  generateSyntheticRegistry,
  recordsOfPerson,
  registryShuffler,
  RecordNumbering,
  WindowShuffler,
  DEFAULT_SHUFFLE_WINDOW,
  SYNTHETIC_ID_PREFIX,
  SYNTHETIC_MARKER,
} from './registry.ts';
export type { SyntheticRecord, SyntheticRegistryOptions } from './registry.ts';
export { toRegistration } from './registration.ts';
export type { SyntheticRegistration } from './registration.ts';
export { demoOrganisations, demoUnitFor } from './organisations.ts';
export type { DemoOrganisation, DemoUnit } from './organisations.ts';
export { DEFAULT_AGENCY_PROFILES, ERROR_CAUSES } from './variations.ts';
export type { AgencyProfile, AgencyHabits, BirthDateHabits, ErrorCause } from './variations.ts';
export { generatePerson, personAt, SIBLING_SHARE } from './people.ts';
export type { SyntheticPerson, SyntheticDocument } from './people.ts';
export { Random, Weighted, mixSeed, hashString } from './random.ts';
export { policeRegistryCsv, policeRegistryLines, POLICE_REGISTRY_COLUMNS } from './agency-files.ts';
