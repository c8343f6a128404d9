// Disclosure control for everything that leaves the case-management context (domain-spec §11.3).
// Pure functions only: no I/O, no clock, no randomness.
export type { BilingualText, Coordinates, DisclosureRules, DisclosureSummary, SuppressionKind } from './types.ts';
export { DEFAULT_RULES, isSensitiveCount, resolveRules } from './types.ts';
export type { CountCell, Dimension, LinkedTable, Relation, TableCell } from './table.ts';
export { cellKey, inconsistentRelations, linkTables, nestTables, oneWayTable, tableFromCounts, twoWayTable } from './table.ts';
export type { AuditOptions, AuditReport, CellInterval, PublishedCell, PublishedTable } from './audit.ts';
export { auditTable, suppressedBounds } from './audit.ts';
export type { ProtectedCell, ProtectedTable, PublicCell, SpecialCells } from './suppress.ts';
export { summarise, suppressTable, toPublicCells } from './suppress.ts';
export type { RoundingMode, RoundingOptions } from './rounding.ts';
export { controlledRound, roundCount, roundProtectedTable } from './rounding.ts';
export type { AgeBand, AgeBandSet, Hierarchy, MicrodataRecord, MicrodataValue } from './hierarchies.ts';
export {
  AGE_BANDS, ageBand, ageHierarchy, categoricalHierarchy, dateHierarchy, flatHierarchy, hierarchyFromSteps, NATIONALITY_GROUPS,
  nationalityHierarchy, PERU_MACROREGIONS, ubigeoHierarchy, UNKNOWN_VALUE, WITHHELD,
} from './hierarchies.ts';
export type { AppliedGeneralisation, KAnonymityCheck, KAnonymityOptions, KAnonymityResult, QuasiIdentifier } from './k-anonymity.ts';
export { checkKAnonymity, kAnonymise } from './k-anonymity.ts';
export type { QueryCell, QueryOptions, QueryResult, StatisticsQuery } from './query.ts';
export { answerQuery, protectCube, protectQueryResult } from './query.ts';
export { variableBounds } from './linear-program.ts';
export type { PercentageOptions } from './percentages.ts';
export { protectedPercentage } from './percentages.ts';
