/**
 * The in-memory catalog, like Flink's default catalog: one database of tables and views (sharing
 * one namespace, names case-sensitive) and functions (names case-insensitive, as Flink normalises
 * them). A name may be given alone or qualified: `db.t` or `catalog.db.t` with this catalog's names.
 */
import { CatalogError } from './catalog-error.ts';
import { tableDescriptor, type FunctionDescriptor, type TableDescriptor, type TableInput, type ViewDescriptor } from './descriptors.ts';

/** A name as SQL gives it (`orders`, `default_database.orders`) or as parts. */
export type ObjectName = string | readonly string[];

/** What a table name resolves to. */
export type Relation = TableDescriptor | ViewDescriptor;

/**
 * Tables, views and functions by name.
 *
 * @example
 * const catalog = new Catalog();
 * catalog.createTable({ name: 'trades', columns: [physical('symbol', DataTypes.STRING())], options: { 'connector': 'datagen' } });
 * catalog.resolve('trades').kind // 'table'
 */
export class Catalog {
  readonly name: string;
  readonly database: string;
  private readonly relations = new Map<string, Relation>();
  private readonly functions = new Map<string, FunctionDescriptor>();

  constructor(options: { name?: string; database?: string } = {}) {
    this.name = options.name ?? 'default_catalog';
    this.database = options.database ?? 'default_database';
  }

  /**
   * Adds a table. Fails with "table 'x' already exists" unless `ifNotExists`, in which case the
   * existing table stays and false is returned.
   */
  createTable(table: TableDescriptor | TableInput, options: { ifNotExists?: boolean } = {}): boolean {
    return this.add(tableDescriptor(table), options.ifNotExists === true);
  }

  /** Adds a view; `orReplace` replaces a view of the same name. */
  createView(view: Omit<ViewDescriptor, 'kind'>, options: { ifNotExists?: boolean; orReplace?: boolean } = {}): boolean {
    const descriptor: ViewDescriptor = Object.freeze({ ...view, kind: 'view' });
    if (options.orReplace && this.relations.get(descriptor.name)?.kind === 'view') this.relations.delete(descriptor.name);
    return this.add(descriptor, options.ifNotExists === true);
  }

  /** Adds a function (names are case-insensitive). */
  createFunction(fn: Omit<FunctionDescriptor, 'kind'>, options: { ifNotExists?: boolean } = {}): boolean {
    const key = fn.name.toLowerCase();
    if (this.functions.has(key)) {
      if (options.ifNotExists) return false;
      throw new CatalogError(`function '${fn.name}' already exists`);
    }
    this.functions.set(key, Object.freeze({ ...fn, kind: 'function' }));
    return true;
  }

  /** Removes a table; true when one was removed. Fails for a missing table unless `ifExists`. */
  dropTable(name: ObjectName, options: { ifExists?: boolean } = {}): boolean {
    return this.drop(name, 'table', options.ifExists === true);
  }

  /** Removes a view; true when one was removed. */
  dropView(name: ObjectName, options: { ifExists?: boolean } = {}): boolean {
    return this.drop(name, 'view', options.ifExists === true);
  }

  /** Removes a function; true when one was removed. */
  dropFunction(name: ObjectName, options: { ifExists?: boolean } = {}): boolean {
    const key = this.local(name).toLowerCase();
    if (this.functions.delete(key)) return true;
    if (options.ifExists) return false;
    throw new CatalogError(`function '${this.local(name)}' not found${known('functions', this.listFunctions())}`);
  }

  /** The table of that name, or undefined (views are not tables). */
  getTable(name: ObjectName): TableDescriptor | undefined {
    const relation = this.relations.get(this.local(name));
    return relation?.kind === 'table' ? relation : undefined;
  }

  /** The view of that name, or undefined. */
  getView(name: ObjectName): ViewDescriptor | undefined {
    const relation = this.relations.get(this.local(name));
    return relation?.kind === 'view' ? relation : undefined;
  }

  /** The function of that name (any case), or undefined. */
  getFunction(name: ObjectName): FunctionDescriptor | undefined {
    return this.functions.get(this.local(name).toLowerCase());
  }

  /** Table names, sorted (SHOW TABLES lists views too in Flink; see {@link listViews}). */
  listTables(): string[] {
    return this.names('table');
  }

  listViews(): string[] {
    return this.names('view');
  }

  listFunctions(): string[] {
    return [...this.functions.values()].map((f) => f.name).sort();
  }

  /**
   * The table or view a query names; fails with "table 'x' not found; known tables: a, b" (and a
   * hint when only the case differs or the name is a near miss).
   *
   * @example
   * catalog.resolve(['default_catalog', 'default_database', 'trades'])
   */
  resolve(name: ObjectName): Relation {
    const local = this.local(name);
    const relation = this.relations.get(local);
    if (relation !== undefined) return relation;
    const names = [...this.relations.keys()].sort();
    const sameIgnoringCase = names.find((n) => n.toLowerCase() === local.toLowerCase());
    const hint = sameIgnoringCase === undefined ? '' : ` (names are case-sensitive: did you mean '${sameIgnoringCase}'?)`;
    throw new CatalogError(`table '${local}' not found${hint}${known('tables', names)}`);
  }

  /** The function a query calls; fails listing the known ones. */
  resolveFunction(name: ObjectName): FunctionDescriptor {
    const fn = this.getFunction(name);
    if (fn !== undefined) return fn;
    throw new CatalogError(`function '${this.local(name)}' not found${known('functions', this.listFunctions())}`);
  }

  private add(relation: Relation, ifNotExists: boolean): boolean {
    const existing = this.relations.get(relation.name);
    if (existing !== undefined) {
      if (ifNotExists) return false;
      const clash = existing.kind === relation.kind ? '' : ` as a ${existing.kind}`;
      throw new CatalogError(`${relation.kind} '${relation.name}' already exists${clash}`);
    }
    this.relations.set(relation.name, relation);
    return true;
  }

  private drop(name: ObjectName, kind: Relation['kind'], ifExists: boolean): boolean {
    const local = this.local(name);
    const existing = this.relations.get(local);
    if (existing?.kind === kind) {
      this.relations.delete(local);
      return true;
    }
    if (existing !== undefined) throw new CatalogError(`'${local}' is a ${existing.kind}, not a ${kind}; use DROP ${existing.kind.toUpperCase()}`);
    if (ifExists) return false;
    throw new CatalogError(`${kind} '${local}' not found${known(`${kind}s`, this.names(kind))}`);
  }

  private names(kind: Relation['kind']): string[] {
    return [...this.relations.values()].filter((r) => r.kind === kind).map((r) => r.name).sort();
  }

  /** The object name within this catalog's database; a qualifier must name this catalog and database. */
  private local(name: ObjectName): string {
    const parts = typeof name === 'string' ? [name] : name;
    if (parts.length === 0 || parts.length > 3) throw new CatalogError(`'${parts.join('.')}' is not an object name`);
    const [catalog, database] = parts.length === 3 ? parts : [this.name, ...parts.slice(0, -1)];
    if (catalog !== this.name) throw new CatalogError(`catalog '${catalog}' not found; known catalogs: ${this.name}`);
    if (parts.length > 1 && database !== this.database) throw new CatalogError(`database '${database}' not found in catalog '${this.name}'; known databases: ${this.database}`);
    return parts[parts.length - 1];
  }
}

function known(what: string, names: readonly string[]): string {
  return names.length === 0 ? `; no ${what} are defined` : `; known ${what}: ${names.join(', ')}`;
}
