// Evidence for decision makers (issue 7): indicator definitions and counts of persons across
// agencies. Pure: no I/O. The server loads the facts; disclosure control is in src/disclosure.
export * from './dimensions.ts';
export * from './facts.ts';
export * from './count.ts';
export * from './indicators.ts';
export * from './publish.ts';
export * from './report.ts';
export * from './map.ts';
export * from './plans.ts';
export * from './referrals.ts';
export * from './justice.ts';
export * from './shelter.ts';
export * from './followups.ts';
export * from './care-time.ts';
export * from './breakdown.ts';
export * from './care-plans.ts';
export * from './reparation.ts';
export * from './sentences.ts';
export * from './agencies.ts';
export { protectRecordCounts, publishedShare, recordCountsSystem, type RecordCountsSystem, type CrossingCounts, type ProtectedRecords, type PublishedRow, type RecordsFilter, type RecordsProtectionPlan, type RowCounts } from './restricted.ts';
export * from './scope.ts';
