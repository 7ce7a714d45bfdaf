// The catalog: table, view and function descriptors from DDL or the API, and the in-memory catalog
// that names them. Imports core, plan and formats only; connectors resolve descriptors in the engine.
export { CatalogError } from './catalog-error.ts';
export { Catalog, type ObjectName, type Relation } from './catalog.ts';
export {
  computed, metadata, metadataColumnsOf, physical, physicalRowType, tableDescriptor,
  type ColumnDescriptor, type ComputedColumnDescriptor, type FunctionDescriptor, type MetadataColumnDescriptor,
  type PhysicalColumnDescriptor, type TableDescriptor, type TableInput, type ViewDescriptor, type WatermarkDescriptor,
} from './descriptors.ts';
export { likeStrategies, mergeLike, type LikeFeature, type LikeMode, type LikeOption } from './like.ts';
