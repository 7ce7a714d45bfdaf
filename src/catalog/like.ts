/**
 * `CREATE TABLE t (…) WITH (…) LIKE base (options)`: the new table starts from `base`, as Flink
 * merges them. Physical columns of the base always come first; what else carries over is chosen per
 * feature — CONSTRAINTS, PARTITIONS, GENERATED (computed columns), METADATA, OPTIONS, WATERMARKS — with
 * INCLUDING (keep; a clash with the new table is an error), EXCLUDING (drop) or OVERWRITING (keep,
 * but the new table's definition wins). Without options: INCLUDING ALL OVERWRITING OPTIONS.
 */
import { CatalogError } from './catalog-error.ts';
import { tableDescriptor, type ColumnDescriptor, type TableDescriptor, type TableInput } from './descriptors.ts';

/** How a feature of the base table carries over. */
export type LikeMode = 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING';
/** What a LIKE option is about. */
export type LikeFeature = 'ALL' | 'CONSTRAINTS' | 'PARTITIONS' | 'GENERATED' | 'OPTIONS' | 'WATERMARKS' | 'METADATA';
/** One option of `LIKE base (…)`: `INCLUDING ALL`, `EXCLUDING OPTIONS`, `OVERWRITING WATERMARKS`. */
export interface LikeOption {
  readonly mode: LikeMode;
  readonly feature: LikeFeature;
}

type Feature = Exclude<LikeFeature, 'ALL'>;
const FEATURES: readonly Feature[] = ['CONSTRAINTS', 'PARTITIONS', 'GENERATED', 'OPTIONS', 'WATERMARKS', 'METADATA'];

/**
 * The strategy for every feature after applying the options in order (ALL sets them all) over the
 * defaults. Fails on a feature given twice or OVERWRITING for CONSTRAINTS or PARTITIONS.
 *
 * @example
 * likeStrategies([{ mode: 'EXCLUDING', feature: 'ALL' }, { mode: 'INCLUDING', feature: 'OPTIONS' }]).OPTIONS // 'INCLUDING'
 */
export function likeStrategies(options: readonly LikeOption[]): Readonly<Record<Feature, LikeMode>> {
  const result: Record<Feature, LikeMode> = {
    CONSTRAINTS: 'INCLUDING', PARTITIONS: 'INCLUDING', GENERATED: 'INCLUDING', OPTIONS: 'OVERWRITING', WATERMARKS: 'INCLUDING', METADATA: 'INCLUDING',
  };
  const seen = new Set<LikeFeature>();
  for (const { mode, feature } of options) {
    if (seen.has(feature)) throw new CatalogError(`LIKE: ${feature} is given more than once`);
    seen.add(feature);
    if (feature === 'ALL') {
      for (const f of FEATURES) result[f] = mode;
      continue;
    }
    if (mode === 'OVERWRITING' && (feature === 'CONSTRAINTS' || feature === 'PARTITIONS')) {
      throw new CatalogError(`LIKE: OVERWRITING ${feature} is not allowed (choose INCLUDING or EXCLUDING)`);
    }
    result[feature] = mode;
  }
  return result;
}

/**
 * The table `derived` declares, merged with `base` per the LIKE options.
 *
 * @example
 * // CREATE TABLE recent WITH ('scan.startup.mode' = 'latest-offset') LIKE trades
 * mergeLike(trades, { name: 'recent', columns: [], options: { 'scan.startup.mode': 'latest-offset' } }, [])
 */
export function mergeLike(base: TableDescriptor, derived: TableInput, options: readonly LikeOption[]): TableDescriptor {
  const strategy = likeStrategies(options);
  const where = `LIKE ${base.name}`;
  const columns = mergeColumns(base.columns, derived.columns, strategy, where);

  let primaryKey = derived.primaryKey;
  if (strategy.CONSTRAINTS === 'INCLUDING' && base.primaryKey !== undefined) {
    if (derived.primaryKey !== undefined) throw new CatalogError(`${where}: the base table already has a primary key; specify EXCLUDING CONSTRAINTS to declare another`);
    primaryKey = base.primaryKey;
  }

  let partitionKeys = derived.partitionKeys ?? [];
  if (strategy.PARTITIONS === 'INCLUDING' && base.partitionKeys.length > 0) {
    if (partitionKeys.length > 0) throw new CatalogError(`${where}: the base table already has partition keys; specify EXCLUDING PARTITIONS to declare others`);
    partitionKeys = base.partitionKeys;
  }

  let watermark = derived.watermark;
  if (strategy.WATERMARKS !== 'EXCLUDING' && base.watermark !== undefined) {
    if (derived.watermark === undefined) watermark = base.watermark;
    else if (strategy.WATERMARKS === 'INCLUDING') {
      throw new CatalogError(`${where}: the base table already has a watermark on '${base.watermark.column}'; specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS`);
    }
  }

  let merged: Record<string, string> = { ...derived.options };
  if (strategy.OPTIONS !== 'EXCLUDING') {
    merged = { ...base.options };
    for (const [key, value] of Object.entries(derived.options)) {
      if (strategy.OPTIONS === 'INCLUDING' && key in base.options) {
        throw new CatalogError(`${where}: the base table already has option '${key}' = '${base.options[key]}'; specify EXCLUDING OPTIONS or OVERWRITING OPTIONS`);
      }
      merged[key] = value;
    }
  }

  return tableDescriptor({
    name: derived.name, columns, watermark, primaryKey, partitionKeys, options: merged,
    comment: derived.comment, temporary: derived.temporary,
  });
}

function mergeColumns(
  base: readonly ColumnDescriptor[], derived: readonly ColumnDescriptor[], strategy: Readonly<Record<Feature, LikeMode>>, where: string,
): ColumnDescriptor[] {
  const featureOf = (c: ColumnDescriptor): Feature | undefined => (c.kind === 'computed' ? 'GENERATED' : c.kind === 'metadata' ? 'METADATA' : undefined);
  // Physical columns always carry over; computed and metadata ones as their feature says.
  const columns = base.filter((c) => {
    const feature = featureOf(c);
    return feature === undefined || strategy[feature] !== 'EXCLUDING';
  });
  for (const column of derived) {
    const at = columns.findIndex((c) => c.name === column.name);
    if (at < 0) {
      columns.push(column);
      continue;
    }
    const existing = columns[at];
    const feature = featureOf(existing);
    // A column of the same kind may replace the base's with OVERWRITING; anything else is a clash.
    if (feature !== undefined && existing.kind === column.kind && strategy[feature] === 'OVERWRITING') {
      columns[at] = column;
      continue;
    }
    const advice = feature === undefined || existing.kind !== column.kind ? '' : `; specify EXCLUDING ${feature} or OVERWRITING ${feature}`;
    throw new CatalogError(`${where}: the base table already has a ${existing.kind} column '${column.name}'${advice}`);
  }
  return columns;
}
