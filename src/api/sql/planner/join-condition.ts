import { intervalLiteral } from '../../../plan/expr/index.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import { walkAst } from './function-kinds.ts';
import { resolveName } from './names.ts';
import type { Column } from './relation.ts';

/** An equality of an expression over the left input and one over the right: a join key. */
export interface EquiPair {
  readonly left: AstExpr;
  readonly right: AstExpr;
}

/** A time range between a left and a right rowtime column: right − left ∈ [lowerMs, upperMs]. */
export interface TimeRange {
  readonly leftTime: string;
  readonly rightTime: string;
  readonly lowerMs: number;
  readonly upperMs: number;
  /** The conjuncts the range was read from (a regular join keeps them as its condition). */
  readonly conjuncts: readonly AstExpr[];
}

/** A join condition taken apart, as Flink's planner splits a join's condition. */
export interface JoinCondition {
  readonly pairs: readonly EquiPair[];
  /** Bounds on rowtime columns of both sides, when both ends of the range are bounded. */
  readonly range?: TimeRange;
  /** Everything else (and the range's conjuncts), tested on each joined row. */
  readonly residual: readonly AstExpr[];
}

/**
 * The conjuncts of a condition (the parts joined with AND), in order.
 *
 * @example
 * conjunctsOf(parseExpression('a = b AND c > d')).length // 2
 */
export function conjunctsOf(e: AstExpr | undefined): AstExpr[] {
  if (e === undefined) return [];
  return e.kind === 'Binary' && e.op === 'AND' ? [...conjunctsOf(e.left), ...conjunctsOf(e.right)] : [e];
}

/**
 * Which inputs an expression reads: 'left', 'right', 'both', or 'none' (a constant). A name neither
 * side resolves counts as 'both' (binding reports it).
 *
 * @example
 * sidesOf(parseExpression('o.amount * 2'), left, right, sql) // 'left'
 */
export function sidesOf(e: AstExpr, left: readonly Column[], right: readonly Column[], source: string | undefined): 'left' | 'right' | 'both' | 'none' {
  let l = false;
  let r = false;
  walkAst(e, (node) => {
    if (node.kind !== 'Identifier') return true;
    const inLeft = resolves(node, left, source);
    const inRight = resolves(node, right, source);
    if (inLeft && !inRight) l = true;
    else if (inRight && !inLeft) r = true;
    else l = r = true;
    return false;
  });
  return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
}

function resolves(id: AstExpr & { kind: 'Identifier' }, columns: readonly Column[], source: string | undefined): boolean {
  try {
    resolveName(id, columns, source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a join's conjuncts into equi-key pairs (`l = r` with one side over each input), a time range
 * between a rowtime column of each side when bounded both ways (the `BETWEEN … AND …` and `>=`/`<=`
 * forms, with `± INTERVAL` offsets), and the residual rest.
 *
 * @example
 * splitJoinCondition(conjunctsOf(on), left.columns, right.columns, sql)
 */
export function splitJoinCondition(conjuncts: readonly AstExpr[], left: readonly Column[], right: readonly Column[], source: string | undefined): JoinCondition {
  const pairs: EquiPair[] = [];
  const residual: AstExpr[] = [];
  const bounds = new TimeBounds(left, right, source);
  for (const e of conjuncts) {
    if (e.kind === 'Binary' && e.op === '=') {
      const a = sidesOf(e.left, left, right, source);
      const b = sidesOf(e.right, left, right, source);
      if (a === 'left' && b === 'right') {
        pairs.push({ left: e.left, right: e.right });
        continue;
      }
      if (a === 'right' && b === 'left') {
        pairs.push({ left: e.right, right: e.left });
        continue;
      }
    }
    if (bounds.take(e)) continue;
    residual.push(e);
  }
  const range = bounds.range();
  return range === undefined ? { pairs, residual: [...residual, ...bounds.conjuncts] } : { pairs, range, residual };
}

/** `column` or `column ± INTERVAL …`: a time column of one side shifted by a constant. */
interface TimeTerm {
  readonly side: 'left' | 'right';
  readonly column: string;
  readonly offset: number;
}

/** Gathers bounds on right time − left time from the conjuncts that state them. */
class TimeBounds {
  readonly conjuncts: AstExpr[] = [];
  #times: { left: string; right: string } | undefined;
  #lower = Number.NEGATIVE_INFINITY;
  #upper = Number.POSITIVE_INFINITY;
  readonly #left: readonly Column[];
  readonly #right: readonly Column[];
  readonly #source: string | undefined;

  constructor(left: readonly Column[], right: readonly Column[], source: string | undefined) {
    this.#left = left;
    this.#right = right;
    this.#source = source;
  }

  /** True when `e` is a bound between a left and a right rowtime column (then it is recorded). */
  take(e: AstExpr): boolean {
    if (e.kind === 'Binary' && ['<', '<=', '>', '>='].includes(e.op)) {
      const bound = this.#bound(e.left, e.op, e.right);
      if (bound === undefined) return false;
      bound();
    } else if (e.kind === 'Between' && !e.negated && !e.symmetric) {
      const low = this.#bound(e.operand, '>=', e.low);
      const high = this.#bound(e.operand, '<=', e.high);
      if (low === undefined || high === undefined) return false;
      low();
      high();
    } else {
      return false;
    }
    this.conjuncts.push(e);
    return true;
  }

  /** The range, when one pair of time columns is bounded both ways. */
  range(): TimeRange | undefined {
    if (this.#times === undefined || !Number.isFinite(this.#lower) || !Number.isFinite(this.#upper)) return undefined;
    return { leftTime: this.#times.left, rightTime: this.#times.right, lowerMs: this.#lower, upperMs: this.#upper, conjuncts: this.conjuncts };
  }

  /** How to record `a op b` when it relates a left and a right time term of the same two columns. */
  #bound(a: AstExpr, op: string, b: AstExpr): (() => void) | undefined {
    const x = this.#term(a);
    const y = this.#term(b);
    if (x === undefined || y === undefined || x.side === y.side) return undefined;
    const [l, r, flipped] = x.side === 'left' ? [x, y, false] : [y, x, true];
    if (this.#times !== undefined && (this.#times.left !== l.column || this.#times.right !== r.column)) return undefined;
    // In d = right − left: (l.col + l.off) op (r.col + r.off) ⇔ d mirror(op) (l.off − r.off); op as is when the right came first.
    const k = l.offset - r.offset;
    const o = flipped ? op : mirror(op);
    return () => {
      this.#times = { left: l.column, right: r.column };
      if (o === '>=') this.#lower = Math.max(this.#lower, k);
      else if (o === '>') this.#lower = Math.max(this.#lower, k + 1);
      else if (o === '<=') this.#upper = Math.min(this.#upper, k);
      else this.#upper = Math.min(this.#upper, k - 1);
    };
  }

  #term(e: AstExpr): TimeTerm | undefined {
    if (e.kind === 'Identifier') return this.#column(e, 0);
    if (e.kind === 'Binary' && (e.op === '+' || e.op === '-') && e.left.kind === 'Identifier' && e.right.kind === 'IntervalLiteral') {
      // A YEAR/MONTH interval is a number of months, not a fixed span of time.
      if (e.right.qualifier.start === 'YEAR' || e.right.qualifier.start === 'MONTH') return undefined;
      const ms = intervalLiteral(e.right.value, e.right.qualifier, e.right.negative).value;
      if (typeof ms !== 'number') return undefined;
      return this.#column(e.left, e.op === '+' ? ms : -ms);
    }
    return undefined;
  }

  /** A rowtime column of exactly one side. */
  #column(id: AstExpr & { kind: 'Identifier' }, offset: number): TimeTerm | undefined {
    const find = (columns: readonly Column[]): Column | undefined => {
      try {
        return resolveName(id, columns, this.#source).column;
      } catch {
        return undefined;
      }
    };
    const l = find(this.#left);
    const r = find(this.#right);
    if ((l === undefined) === (r === undefined)) return undefined;
    const column = (l ?? r)!;
    if (column.time !== 'rowtime' || id.parts.length > (column.qualifier === undefined ? 1 : 2)) return undefined;
    return { side: l !== undefined ? 'left' : 'right', column: column.name, offset };
  }
}

function mirror(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}
