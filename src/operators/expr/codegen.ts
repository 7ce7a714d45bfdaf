import { RUNTIME_HELPERS } from './runtime-helpers.ts';

/**
 * A compiled value: `code` is a JavaScript expression for the value, valid (and never null) once
 * every variable in `guards` is non-null; when any guard is null the SQL value is NULL. Strict
 * operators just concatenate code and union guards, so `a * b > 10` becomes one expression behind a
 * single null check instead of a null test per operator.
 *
 * @example
 * const price: Operand = { code: 'f0', guards: ['f0'] };
 */
export interface Operand {
  readonly code: string;
  readonly guards: readonly string[];
  /** The value is always NULL (a NULL literal, or a strict call with one). */
  readonly isNull?: boolean;
}

/** The NULL operand. */
export const NULL_OPERAND: Operand = Object.freeze({ code: 'null', guards: [], isNull: true });

const ATOM = /^(?:[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|"(?:[^"\\]|\\.)*")$/;

/** A JavaScript function made by the compiler, with its generated source (for tests and EXPLAIN). */
export type Generated<F> = F & { readonly source: string };

/**
 * Collects generated statements, temporaries, helper and constant references for one function, and
 * builds it with `new Function`. Helpers and constants are bound once, outside the per-row function,
 * as local `const`s so the hot function reads closure variables rather than properties.
 *
 * @example
 * const g = new CodeGen();
 * const t = g.temp(); g.emit(`${t} = row.a + 1;`);
 * g.build('row', `return ${t};`)({ a: 1 }) // 2
 */
export class CodeGen {
  private blocks: string[][] = [[]];
  private tempCount = 0;
  private readonly helpers = new Set<string>();
  private readonly constants: unknown[] = [];
  private readonly prologue: string[] = [];

  /** A fresh local variable (declared at the top of the function). */
  temp(): string {
    return `t${this.tempCount++}`;
  }

  /** Appends a statement to the current block. */
  emit(line: string): void {
    this.blocks[this.blocks.length - 1].push(line);
  }

  /** Appends a statement that runs once per call before everything else (field reads). */
  emitPrologue(line: string): void {
    this.prologue.push(line);
  }

  /** A reference to a runtime helper (see runtime-helpers.ts) by name. */
  helper(name: keyof typeof RUNTIME_HELPERS): string {
    if (!(name in RUNTIME_HELPERS)) throw new Error(`unknown runtime helper '${name}'`);
    this.helpers.add(name);
    return `h_${name}`;
  }

  /** A reference to a constant built at compile time (regexes, formatters, non-primitive literals). */
  constant(value: unknown): string {
    let i = this.constants.indexOf(value);
    if (i < 0) i = this.constants.push(value) - 1;
    return `k${i}`;
  }

  /**
   * JavaScript source for a literal value: inline for primitives, a constant otherwise. Constants
   * (arrays, rows, bytes) are shared by every call, so results built from them must not be mutated.
   */
  literal(value: unknown): string {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return Object.is(value, -0) ? '-0' : `${value}`;
    }
    return this.constant(value);
  }

  /** Runs `fn` with statements going to a new block; returns the block's lines and `fn`'s result. */
  capture<T>(fn: () => T): { lines: string[]; result: T } {
    this.blocks.push([]);
    try {
      const result = fn();
      return { lines: this.blocks[this.blocks.length - 1], result };
    } finally {
      this.blocks.pop();
    }
  }

  /** Emits captured lines indented (inside an `if` block the caller opened). */
  emitBlock(lines: readonly string[]): void {
    for (const l of lines) this.emit(`  ${l}`);
  }

  /** The operand's SQL value as one expression (`null` when a guard is null). */
  valueOf(op: Operand): string {
    if (op.isNull) return 'null';
    if (op.guards.length === 0 || (op.guards.length === 1 && op.guards[0] === op.code)) return op.code;
    return `(${nullTest(op.guards)} ? null : ${op.code})`;
  }

  /** The operand as a variable or literal that may be repeated freely. */
  atom(op: Operand): Operand {
    if (op.isNull || (ATOM.test(op.code) && (op.guards.length === 0 || (op.guards.length === 1 && op.guards[0] === op.code)))) return op;
    const t = this.temp();
    this.emit(`${t} = ${this.valueOf(op)};`);
    return { code: t, guards: op.guards.length === 0 ? [] : [t] };
  }

  /** Materialises an expression that may itself yield NULL (given the guards pass) into a guarded temporary. */
  nullable(guards: readonly string[], code: string): Operand {
    const t = this.temp();
    this.emit(`${t} = ${guards.length === 0 ? code : `${nullTest(guards)} ? null : ${code}`};`);
    return { code: t, guards: [t] };
  }

  /**
   * Builds `function <name>(param) { … }` with the given tail statement (e.g. `return t3;`).
   * The result carries its whole generated source as `.source`.
   */
  build<F extends (...args: any[]) => unknown>(param: string, tail: string, name = 'compiled'): Generated<F> {
    if (this.blocks.length !== 1) throw new Error('CodeGen.build inside a captured block');
    const temps = Array.from({ length: this.tempCount }, (_, i) => `t${i}`);
    const source = [
      "'use strict';",
      ...[...this.helpers].map((h) => `const h_${h} = h.${h};`),
      ...this.constants.map((_, i) => `const k${i} = k[${i}];`),
      `return function ${name}(${param}) {`,
      ...(temps.length > 0 ? [`  let ${temps.join(', ')};`] : []),
      ...this.prologue.map((l) => `  ${l}`),
      ...this.blocks[0].map((l) => `  ${l}`),
      `  ${tail}`,
      '};',
    ].join('\n');
    const factory = new Function('h', 'k', source) as (h: unknown, k: unknown[]) => F;
    const fn = factory(RUNTIME_HELPERS, this.constants);
    Object.defineProperty(fn, 'source', { value: source, enumerable: false });
    return fn as Generated<F>;
  }
}

/** The test that any guard is NULL. @example nullTest(['a', 'b']) // 'a === null || b === null' */
export function nullTest(guards: readonly string[]): string {
  return guards.map((g) => `${g} === null`).join(' || ');
}

/** The test that every guard is non-null. @example notNullTest(['a', 'b']) // 'a !== null && b !== null' */
export function notNullTest(guards: readonly string[]): string {
  return guards.map((g) => `${g} !== null`).join(' && ');
}

/** The union of the operands' guards, each once. @example unionGuards([{ code: 'a', guards: ['a'] }, { code: 'a + b', guards: ['a', 'b'] }]) // ['a', 'b'] */
export function unionGuards(ops: readonly Operand[]): string[] {
  const set = new Set<string>();
  for (const op of ops) for (const g of op.guards) set.add(g);
  return [...set];
}
