import type { NodeBase } from './node.ts';
import type { Expr } from './expressions.ts';
import type { Hint, Query } from './queries.ts';
import type { DataType } from './types.ts';

/** `'key' = 'value'` in WITH (…), SET and static partitions; `pos` is where the key starts. */
export interface Property extends NodeBase { readonly key: string; readonly value: string }

/** `[CONSTRAINT name] PRIMARY KEY [NOT ENFORCED]` on a column (Flink requires NOT ENFORCED; the binder checks). */
export interface ColumnConstraint { readonly name?: string; readonly enforced: boolean }

/** `name TYPE [constraint] [COMMENT '…']`. */
export interface PhysicalColumn extends NodeBase {
  readonly kind: 'PhysicalColumn';
  readonly name: string;
  readonly type: DataType;
  readonly primaryKey?: ColumnConstraint;
  readonly comment?: string;
}
/** `name AS expr [COMMENT '…']`. */
export interface ComputedColumn extends NodeBase {
  readonly kind: 'ComputedColumn';
  readonly name: string;
  readonly expr: Expr;
  readonly comment?: string;
}
/** `name TYPE METADATA [FROM 'key'] [VIRTUAL] [COMMENT '…']`. */
export interface MetadataColumn extends NodeBase {
  readonly kind: 'MetadataColumn';
  readonly name: string;
  readonly type: DataType;
  readonly key?: string;
  readonly virtual: boolean;
  readonly comment?: string;
}
/** A column of CREATE TABLE. */
export type ColumnDef = PhysicalColumn | ComputedColumn | MetadataColumn;

/** `WATERMARK FOR column AS expr`. */
export interface WatermarkDef extends NodeBase { readonly column: readonly string[]; readonly expr: Expr }
/** `[CONSTRAINT name] PRIMARY KEY (a, b) [NOT ENFORCED]` as a table constraint. */
export interface PrimaryKeyDef extends NodeBase {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly enforced: boolean;
}
/** One option of `LIKE source (…)`: `INCLUDING ALL`, `EXCLUDING OPTIONS`, `OVERWRITING WATERMARKS`… */
export interface LikeOption {
  readonly mode: 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING';
  readonly feature: 'ALL' | 'CONSTRAINTS' | 'PARTITIONS' | 'GENERATED' | 'OPTIONS' | 'WATERMARKS' | 'METADATA';
}
/** `LIKE source [(options)]`. */
export interface LikeClause { readonly table: readonly string[]; readonly options: readonly LikeOption[] }

/** CREATE [TEMPORARY] TABLE [IF NOT EXISTS] … [WITH (…)] [LIKE … | AS query]. */
export interface CreateTable extends NodeBase {
  readonly kind: 'CreateTable';
  readonly name: readonly string[];
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly watermark?: WatermarkDef;
  readonly primaryKey?: PrimaryKeyDef;
  readonly comment?: string;
  readonly partitionedBy: readonly string[];
  readonly options: readonly Property[];
  readonly like?: LikeClause;
  readonly asQuery?: Query;
}
/** CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '…'] AS query. */
export interface CreateView extends NodeBase {
  readonly kind: 'CreateView';
  readonly name: readonly string[];
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly columns?: readonly string[];
  readonly comment?: string;
  readonly query: Query;
}
/** CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE …] [USING JAR '…', …]. */
export interface CreateFunction extends NodeBase {
  readonly kind: 'CreateFunction';
  readonly name: readonly string[];
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifNotExists: boolean;
  /** Flink's class name; in Sluice `'path/to/module.ts:ExportName'` for JAVASCRIPT / TYPESCRIPT. */
  readonly className: string;
  readonly language?: 'JAVA' | 'SCALA' | 'PYTHON' | 'SQL' | 'JAVASCRIPT' | 'TYPESCRIPT';
  readonly jars: readonly string[];
}
/** DROP [TEMPORARY [SYSTEM]] TABLE|VIEW|FUNCTION [IF EXISTS] name. */
export interface Drop extends NodeBase {
  readonly kind: 'Drop';
  readonly object: 'TABLE' | 'VIEW' | 'FUNCTION';
  readonly name: readonly string[];
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifExists: boolean;
}
/** INSERT INTO|OVERWRITE table [hints] [PARTITION (k = 'v', …)] [(cols)] query. */
export interface Insert extends NodeBase {
  readonly kind: 'Insert';
  readonly overwrite: boolean;
  readonly table: readonly string[];
  readonly hints: readonly Hint[];
  readonly partition: readonly Property[];
  readonly columns?: readonly string[];
  readonly query: Query;
}
/**
 * A group of INSERTs planned as one job: `EXECUTE STATEMENT SET BEGIN …; END` (`execute`) or
 * the SQL client's `BEGIN STATEMENT SET; …; END`.
 */
export interface StatementSet extends NodeBase { readonly kind: 'StatementSet'; readonly execute: boolean; readonly inserts: readonly Insert[] }
/** `SET 'k' = 'v'`, or `SET` alone (list all). */
export interface SetStatement extends NodeBase { readonly kind: 'Set'; readonly property?: Property }
/** `RESET 'k'`, or `RESET` alone (all). */
export interface ResetStatement extends NodeBase { readonly kind: 'Reset'; readonly key?: string }
/** What SHOW lists. */
export type ShowObject =
  | 'TABLES' | 'VIEWS' | 'FUNCTIONS' | 'USER FUNCTIONS' | 'CATALOGS' | 'DATABASES' | 'MODULES' | 'FULL MODULES'
  | 'JARS' | 'CURRENT CATALOG' | 'CURRENT DATABASE';
/** SHOW TABLES [FROM|IN db] [[NOT] LIKE 'pattern'], SHOW CATALOGS, … */
export interface Show extends NodeBase {
  readonly kind: 'Show';
  readonly object: ShowObject;
  readonly from?: readonly string[];
  readonly like?: { readonly pattern: string; readonly negated: boolean };
}
/** SHOW CREATE TABLE|VIEW name. */
export interface ShowCreate extends NodeBase { readonly kind: 'ShowCreate'; readonly object: 'TABLE' | 'VIEW'; readonly name: readonly string[] }
/** DESCRIBE / DESC [EXTENDED] name. */
export interface Describe extends NodeBase { readonly kind: 'Describe'; readonly name: readonly string[]; readonly extended: boolean }
/** The details EXPLAIN can be asked for. */
export type ExplainDetail = 'ESTIMATED_COST' | 'CHANGELOG_MODE' | 'JSON_EXECUTION_PLAN' | 'PLAN_ADVICE';
/** EXPLAIN [PLAN FOR | detail, …] statement. */
export interface Explain extends NodeBase {
  readonly kind: 'Explain';
  readonly planFor: boolean;
  readonly details: readonly ExplainDetail[];
  readonly statement: Statement;
}
/** USE [CATALOG] name. */
export interface Use extends NodeBase { readonly kind: 'Use'; readonly catalog: boolean; readonly name: readonly string[] }

/**
 * A statement of Flink's SQL dialect; a bare query is a `Query`.
 *
 * @example
 * function isDdl(s: Statement) { return s.kind === 'CreateTable' || s.kind === 'CreateView' || s.kind === 'CreateFunction' || s.kind === 'Drop'; }
 */
export type Statement =
  | Query | CreateTable | CreateView | CreateFunction | Drop | Insert | StatementSet
  | SetStatement | ResetStatement | Show | ShowCreate | Describe | Explain | Use;
