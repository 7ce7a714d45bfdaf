/**
 * The registry of table connectors: SQL tables name their connector (`'connector' = 'kafka'`), the
 * registry finds its factory, checks the table against it (options, metadata columns, primary key,
 * whether it can be read or written) and builds the Source or Sink. Also a resolver for the runtime,
 * so a plan whose source or sink nodes hold table descriptors runs as one holding instances.
 */
import type { TableDescriptor } from '../catalog/descriptors.ts';
import { metadataColumnsOf, physicalRowType } from '../catalog/descriptors.ts';
import { ConfigError, PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { blackholeTableFactory } from '../connectors/blackhole/table-factory.ts';
import { createPrintTableFactory, type PrintOutputs } from '../connectors/console/table-factory.ts';
import { datagenTableFactory } from '../connectors/datagen/table-factory.ts';
import { filesystemTableFactory } from '../connectors/file/table-factory.ts';
import { jdbcTableFactory } from '../connectors/jdbc/table-factory.ts';
import { kafkaTableFactory, upsertKafkaTableFactory } from '../connectors/kafka/table-factory.ts';
import type { InProcessLog } from '../connectors/log/in-process-log.ts';
import { defaultLog } from '../connectors/log/in-process-log.ts';
import { createLogTableFactory } from '../connectors/log/table-factory.ts';
import { memoryTableFactory } from '../connectors/memory/table-factory.ts';
import { rateTableFactory } from '../connectors/rate/table-factory.ts';
import { isSink, isSource, type Sink, type Source } from '../connectors/spi.ts';
import { checkMetadataColumns, validateTableOptions, type TableContext, type TableFactory } from '../connectors/table-factory.ts';
import { closest } from '../connectors/table-options.ts';
import type { ConnectorResolver } from '../runtime/job-graph.ts';

/**
 * Table factories by identifier.
 *
 * @example
 * const registry = defaultConnectorRegistry();
 * const source = registry.createSource(catalog.getTable('trades')!);
 */
export class ConnectorRegistry {
  private readonly factories = new Map<string, TableFactory>();

  constructor(factories: readonly TableFactory[] = []) {
    for (const factory of factories) this.register(factory);
  }

  /** Adds a factory; its identifier must be new. */
  register(factory: TableFactory): void {
    if (this.factories.has(factory.identifier)) throw new ConfigError('connector', `a connector '${factory.identifier}' is already registered`);
    this.factories.set(factory.identifier, factory);
  }

  /** The identifiers, sorted. */
  identifiers(): string[] {
    return [...this.factories.keys()].sort();
  }

  /**
   * The factory of a connector; an unknown one fails listing those available
   * ("unknown connector 'kafak'; available: blackhole, datagen, …; did you mean 'kafka'?").
   */
  factory(identifier: string, where?: string): TableFactory {
    const factory = this.factories.get(identifier);
    if (factory !== undefined) return factory;
    const known = this.identifiers();
    const hint = closest(identifier, known);
    throw new ConfigError('connector', `unknown connector '${identifier}'${where === undefined ? '' : ` (${where})`}; available: ${known.join(', ')}${hint === undefined ? '' : `; did you mean '${hint}'?`}`);
  }

  /**
   * Checks a table for reading or writing and returns its factory and the context it builds from:
   * options validated (defaults applied), metadata columns offered by the connector, a primary key
   * where the connector needs one.
   */
  tableContext(table: TableDescriptor, use: 'source' | 'sink'): { factory: TableFactory; ctx: TableContext } {
    const where = `table '${table.name}'`;
    const identifier = table.options['connector'];
    if (identifier === undefined) throw new ConfigError('connector', `is required (${where}); available: ${this.identifiers().join(', ')}`);
    const factory = this.factory(identifier, where);
    if (use === 'source' && (factory.sourceCapability === undefined || factory.createSource === undefined)) {
      throw new PlanError(`${where}: connector '${identifier}' cannot be read (it is a sink only)`);
    }
    if (use === 'sink' && (factory.sinkCapability === undefined || factory.createSink === undefined)) {
      throw new PlanError(`${where}: connector '${identifier}' cannot be written (it is a source only)`);
    }
    if (factory.requiresPrimaryKey && table.primaryKey === undefined) {
      throw new PlanError(`${where}: connector '${identifier}' needs a PRIMARY KEY (…) NOT ENFORCED`);
    }
    if (table.partitionKeys.length > 0) throw new PlanError(`${where}: connector '${identifier}' does not support PARTITIONED BY`);
    const schema = physicalRowType(table);
    const options = validateTableOptions(factory, table.options, where, schema.fields.map((f) => f.name));
    const metadata = metadataColumnsOf(table).filter((m) => use === 'source' || !m.virtual);
    checkMetadataColumns(factory, metadata, use, where);
    const ctx: TableContext = {
      table: table.name,
      schema,
      metadataColumns: metadata,
      primaryKey: table.primaryKey,
      options,
      watermarkColumn: table.watermark?.column,
    };
    return { factory, ctx };
  }

  /** A source reading the table's physical and metadata columns as typed rows. */
  createSource(table: TableDescriptor): Source<Row> {
    const { factory, ctx } = this.tableContext(table, 'source');
    return factory.createSource!(ctx);
  }

  /** A sink writing the table's rows. */
  createSink(table: TableDescriptor): Sink<Row> {
    const { factory, ctx } = this.tableContext(table, 'sink');
    return factory.createSink!(ctx);
  }

  /**
   * A resolver for the runtime (`run(plan, { resolver })`): source and sink nodes may hold table
   * descriptors, built here, or Source / Sink instances, used as they are.
   */
  resolver(): ConnectorResolver {
    return {
      source: (connector, nodeId) => {
        if (isSource(connector)) return connector;
        if (isTableDescriptor(connector)) return this.createSource(connector) as Source<unknown>;
        throw new PlanError(`source '${nodeId}': neither a Source nor a table descriptor`);
      },
      sink: (connector, nodeId) => {
        if (isSink(connector)) return connector;
        if (isTableDescriptor(connector)) return this.createSink(connector) as Sink<unknown>;
        throw new PlanError(`sink '${nodeId}': neither a Sink nor a table descriptor`);
      },
    };
  }
}

function isTableDescriptor(value: unknown): value is TableDescriptor {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'table' && 'options' in value && 'columns' in value;
}

/** What the default registry's in-process connectors use; tests pass their own. */
export interface DefaultConnectorOptions {
  /** The `print` connector's outputs; default the process's stdout and stderr. */
  readonly print?: PrintOutputs;
  /** The log of `sluice-log` tables; default the process's {@link defaultLog}. */
  readonly log?: () => InProcessLog;
}

/**
 * A registry of every built-in connector: blackhole, datagen, filesystem, jdbc, kafka, print, sluice-log,
 * sluice-memory, upsert-kafka.
 *
 * @example
 * defaultConnectorRegistry().identifiers() // ['blackhole', 'datagen', 'filesystem', 'jdbc', 'kafka', …]
 */
export function defaultConnectorRegistry(options: DefaultConnectorOptions = {}): ConnectorRegistry {
  return new ConnectorRegistry([
    blackholeTableFactory,
    datagenTableFactory,
    filesystemTableFactory,
    jdbcTableFactory,
    kafkaTableFactory,
    createPrintTableFactory(options.print),
    createLogTableFactory(options.log ?? defaultLog),
    memoryTableFactory,
    rateTableFactory,
    upsertKafkaTableFactory,
  ]);
}
