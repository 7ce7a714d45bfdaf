// Spark's rate source: values 0, 1, 2, … at a fixed rate with the time each was due.
export { rateSource, type RatePosition, type RateRow, type RateSourceOptions, type RateSplit } from './rate-source.ts';
export { RateSchedule } from './rate-schedule.ts';
export { rateTableFactory } from './table-factory.ts';
