import { exprToString } from '../../../plan/expr/index.ts';
import { inputsOf, type PlanNode } from '../../../plan/nodes.ts';
import type { AggregateCall, NamedExpr } from '../../../plan/relational-nodes.ts';
import type { WatermarkStrategy } from '../../../plan/watermark-strategy.ts';
import type { WindowSpec } from '../../../plan/windows.ts';

/**
 * A plan as an indented tree in the style of Flink's EXPLAIN (`Calc(select=[…], where=[…])`,
 * `+- ` before each input), one line per node, sinks first. A node read by several parents is printed
 * under each of them.
 *
 * @example
 * explainPlan([sinkNode])
 * // Sink(table=[out], connector=[print])
 * // +- Calc(select=[symbol, $a0 AS total])
 * //    +- GroupAggregate(groupBy=[symbol], select=[symbol, SUM(shares) AS $a0])
 * //       +- Source(table=[trades], source=[sluice-memory:trades])
 */
export function explainPlan(roots: readonly PlanNode[]): string {
  const lines: string[] = [];
  const visit = (node: PlanNode, prefix: string, childPrefix: string): void => {
    lines.push(prefix + describe(node));
    const inputs = inputsOf(node);
    inputs.forEach((input, i) => {
      const last = i === inputs.length - 1;
      visit(input, `${childPrefix}${last ? '+- ' : ':- '}`, `${childPrefix}${last ? '   ' : ':  '}`);
    });
  };
  for (const root of roots) visit(root, '', '');
  return lines.join('\n');
}

function describe(node: PlanNode): string {
  switch (node.kind) {
    case 'source': {
      const name = (node.connector as { name?: string }).name ?? 'source';
      const wm = node.watermark === undefined ? '' : `, watermark=[${watermarkText(node.watermark)}]`;
      return `Source(id=[${node.id}], source=[${name}]${wm})`;
    }
    case 'calc': {
      const parts: string[] = [];
      if (node.projections !== undefined) parts.push(`select=[${node.projections.map(named).join(', ')}]`);
      if (node.condition !== undefined) parts.push(`where=[${exprToString(node.condition)}]`);
      return `Calc(${parts.join(', ')})`;
    }
    case 'window-aggregate': {
      const bounds = [node.windowColumns.start, node.windowColumns.end, node.windowColumns.rowtime].filter((b) => b !== undefined);
      const select = [...node.keys.map(named), ...bounds, ...node.calls.map(call)].join(', ');
      return `WindowAggregate(groupBy=[${node.keys.map(named).join(', ')}], window=[${windowText(node.window)}], select=[${select}])`;
    }
    case 'group-aggregate': {
      const select = [...node.keys.map(named), ...node.calls.map(call)].join(', ');
      const ttl = node.stateTtlMs === undefined ? '' : `, stateTtl=[${duration(node.stateTtlMs)}]`;
      return `GroupAggregate(groupBy=[${node.keys.map(named).join(', ')}], select=[${select}]${ttl})`;
    }
    case 'lookup-join': {
      const keys = node.inputKeys.map((k, i) => `${exprToString(node.tableKeys[i])}=${exprToString(k)}`).join(', ');
      const where = node.condition === undefined ? '' : `, where=[${exprToString(node.condition)}]`;
      const select = node.outputFields.map((f) => (f.field === f.name ? f.name : `${f.field} AS ${f.name}`)).join(', ');
      return `LookupJoin(joinType=[${node.joinType === 'left' ? 'LeftOuterJoin' : 'InnerJoin'}], lookup=[${keys}]${where}, select=[${select}])`;
    }
    case 'deduplicate': {
      const key = node.keys.map(exprToString).join(', ');
      const expiry = node.expiry === undefined ? '' : `, expiry=[${node.expiry.column}${node.expiry.afterMs === 0 ? '' : ` + ${duration(node.expiry.afterMs)}`}]`;
      const ttl = node.stateTtlMs === undefined ? '' : `, stateTtl=[${duration(node.stateTtlMs)}]`;
      return `Deduplicate(keep=[FirstRow], key=[${key}]${expiry}${ttl})`;
    }
    case 'interval-join': {
      const joinType = node.joinType === 'left' ? 'LeftOuterJoin' : node.joinType === 'right' ? 'RightOuterJoin' : 'InnerJoin';
      const keys = node.leftKeys.length === 0 ? '' : `, keys=[${node.leftKeys.map((k, i) => `${exprToString(k)}=${exprToString(node.rightKeys[i])}`).join(', ')}]`;
      const bound = (ms: number): string => `left.${node.leftTime}${ms === 0 ? '' : ms < 0 ? ` - ${duration(-ms)}` : ` + ${duration(ms)}`}`;
      const range = `right.${node.rightTime} BETWEEN ${bound(node.lowerMs)} AND ${bound(node.upperMs)}`;
      const where = node.condition === undefined ? '' : `, where=[${exprToString(node.condition)}]`;
      const select = node.outputFields.map((f) => (f.field === f.name ? f.name : `${f.field} AS ${f.name}`)).join(', ');
      return `IntervalJoin(joinType=[${joinType}]${keys}, window=[${range}]${where}, select=[${select}])`;
    }
    case 'regular-join': {
      const joinType = { inner: 'InnerJoin', left: 'LeftOuterJoin', right: 'RightOuterJoin', full: 'FullOuterJoin' }[node.joinType];
      const keys = node.leftKeys.length === 0 ? '' : `, keys=[${node.leftKeys.map((k, i) => `${exprToString(k)}=${exprToString(node.rightKeys[i])}`).join(', ')}]`;
      const where = node.condition === undefined ? '' : `, where=[${exprToString(node.condition)}]`;
      const select = node.outputFields.map((f) => (f.field === f.name ? f.name : `${f.field} AS ${f.name}`)).join(', ');
      const ttl = node.stateTtlMs === undefined || node.stateTtlMs === 0 ? '' : `, stateTtl=[${duration(node.stateTtlMs)}]`;
      const upserts = [['leftUpsertKey', node.leftUpsertKey], ['rightUpsertKey', node.rightUpsertKey]] as const;
      const upsert = upserts.map(([name, key]) => (key === undefined ? '' : `, ${name}=[${key.join(', ')}]`)).join('');
      return `Join(joinType=[${joinType}]${keys}${where}${upsert}, select=[${select}]${ttl})`;
    }
    case 'window-join': {
      const joinType = { inner: 'InnerJoin', left: 'LeftOuterJoin', right: 'RightOuterJoin', full: 'FullOuterJoin' }[node.joinType];
      const keys = node.leftKeys.length === 0 ? '' : `, keys=[${node.leftKeys.map((k, i) => `${exprToString(k)}=${exprToString(node.rightKeys[i])}`).join(', ')}]`;
      const where = node.condition === undefined ? '' : `, where=[${exprToString(node.condition)}]`;
      const select = node.outputFields.map((f) => (f.field === f.name ? f.name : `${f.field} AS ${f.name}`)).join(', ');
      return `WindowJoin(joinType=[${joinType}], window=[${windowText(node.window)}]${keys}${where}, select=[${select}])`;
    }
    case 'temporal-join': {
      const keys = node.leftKeys.map((k, i) => `${exprToString(k)}=${exprToString(node.rightKeys[i])}`).join(', ');
      const where = node.condition === undefined ? '' : `, where=[${exprToString(node.condition)}]`;
      const select = node.outputFields.map((f) => (f.field === f.name ? f.name : `${f.field} AS ${f.name}`)).join(', ');
      return `TemporalJoin(joinType=[${node.joinType === 'left' ? 'LeftOuterJoin' : 'InnerJoin'}], keys=[${keys}], asOf=[left.${node.leftTime}], version=[right.${node.rightTime}]${where}, select=[${select}])`;
    }
    case 'rank': {
      const partition = node.partitionKeys.map(exprToString).join(', ');
      const order = node.orderBy.map((k) => `${exprToString(k.expr)}${k.descending ? ' DESC' : ' ASC'}`).join(', ');
      const ttl = node.stateTtlMs === undefined ? '' : `, stateTtl=[${duration(node.stateTtlMs)}]`;
      if (node.deduplicate !== undefined) return `Deduplicate(keep=[${node.deduplicate === 'first' ? 'FirstRow' : 'LastRow'}], key=[${partition}], order=[${order}]${ttl})`;
      return `Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=${node.rankStart ?? 1}, rankEnd=${node.limit}], partitionBy=[${partition}], orderBy=[${order}], select=[${node.rankColumn === undefined ? '*' : `*, ${node.rankColumn}`}]${ttl})`;
    }
    case 'window-rank': {
      const partition = node.partitionKeys.map(exprToString).join(', ');
      const order = node.orderBy.map((k) => `${exprToString(k.expr)}${k.descending ? ' DESC' : ' ASC'}`).join(', ');
      const window = node.window.kind === 'assign' ? windowText(node.window.spec) : `${node.window.start}, ${node.window.end}`;
      return `WindowRank(window=[${window}], rankRange=[rankStart=${node.rankStart ?? 1}, rankEnd=${node.limit}], partitionBy=[${partition}], orderBy=[${order}], select=[${node.rankColumn === undefined ? '*' : `*, ${node.rankColumn}`}])`;
    }
    case 'over-aggregate': {
      const partition = node.partitionKeys.map(exprToString).join(', ');
      const order = node.order.time === 'rowtime' ? node.order.column : 'PROCTIME()';
      const preceding = node.frame.preceding === Number.POSITIVE_INFINITY ? 'UNBOUNDED' : node.frame.unit === 'rows' ? String(node.frame.preceding) : duration(node.frame.preceding);
      return `OverAggregate(partitionBy=[${partition}], orderBy=[${order}], window=[${node.frame.unit.toUpperCase()} BETWEEN ${preceding} PRECEDING AND CURRENT ROW], select=[*, ${node.calls.map(call).join(', ')}])`;
    }
    case 'watermark': return node.strategy.recordWatermarkExpr === undefined
      ? `WatermarkAssigner(delay=[${duration(node.strategy.maxOutOfOrderness)}])`
      : `WatermarkAssigner(watermark=[${watermarkText(node.strategy)}])`;
    case 'union': return `Union(all=[true])`;
    case 'sink': return `Sink(id=[${node.id}], sink=[${(node.connector as { name?: string }).name ?? 'sink'}])`;
    default: return `${node.kind}(id=[${node.id}])`;
  }
}

function named(n: NamedExpr): string {
  const text = exprToString(n.expr);
  return text === n.name || text === `\`${n.name}\`` ? text : `${text} AS ${n.name}`;
}

function call(c: AggregateCall): string {
  const args = c.args.length === 0 && c.fn === 'COUNT' ? '*' : c.args.map(exprToString).join(', ');
  const filter = c.filter === undefined ? '' : ` FILTER (WHERE ${exprToString(c.filter)})`;
  return `${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${args})${filter} AS ${c.name}`;
}

/**
 * A window spec in SQL's words: `TUMBLE(size=[1 h])`, `HOP(size=[10 min], slide=[5 min])`.
 *
 * @example
 * windowText({ kind: 'tumbling', size: 3_600_000, offset: 0, time: 'event' }) // 'TUMBLE(size=[1 h]), event time'
 */
export function windowText(w: WindowSpec): string {
  const offset = 'offset' in w && w.offset !== 0 ? `, offset=[${duration(w.offset)}]` : '';
  const time = w.time === 'event' ? 'event time' : 'processing time';
  switch (w.kind) {
    case 'tumbling': return `TUMBLE(size=[${duration(w.size)}]${offset}), ${time}`;
    case 'sliding': return `HOP(size=[${duration(w.size)}], slide=[${duration(w.slide)}]${offset}), ${time}`;
    case 'cumulate': return `CUMULATE(max size=[${duration(w.maxSize)}], step=[${duration(w.step)}]${offset}), ${time}`;
    case 'session': return `SESSION(gap=[${duration(w.gap)}]), ${time}`;
  }
}

/** `3600000` → `1 h`; `90000` → `90 s`; `250` → `250 ms`. */
function duration(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, unit] of units) if (ms !== 0 && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

/** `max(rowtime) - 5 s` for bounded out-of-orderness, `max(<expression>)` for a per-record watermark. */
function watermarkText(strategy: WatermarkStrategy<unknown>): string {
  if (strategy.recordWatermarkExpr !== undefined) return `max(${exprToString(strategy.recordWatermarkExpr.expr)})`;
  const delay = strategy.maxOutOfOrderness;
  return delay < 0 ? `max(rowtime) + ${duration(-delay)}` : `max(rowtime) - ${duration(delay)}`;
}
