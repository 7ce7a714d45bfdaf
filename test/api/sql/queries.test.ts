import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../src/api/sql/index.ts';
import type { Join, QueryBody, Select, TableRef } from '../../../src/api/sql/index.ts';
import { shape, strip } from './helpers.ts';

/** `UNION(a, INTERSECT(b, c))`-style rendering of set operations over single-table SELECTs. */
function setShape(b: QueryBody): string {
  if (b.kind === 'SetOperation') return `${b.op}${b.all ? '-ALL' : ''}(${setShape(b.left)}, ${setShape(b.right)})`;
  if (b.kind === 'Query') return `(${setShape(b.body)})`;
  if (b.kind === 'Values') return 'VALUES';
  const from = b.from?.kind === 'TableName' ? b.from.name.join('.') : '?';
  return from;
}

function joinShape(t: TableRef): string {
  if (t.kind === 'Join') return `${t.type}(${joinShape(t.left)}, ${joinShape(t.right)})`;
  if (t.kind === 'TableName') return t.name.join('.');
  return t.kind;
}

const select = (sql: string) => parseQuery(sql).body as Select;

test('INTERSECT binds tighter than UNION and EXCEPT, which are left-associative', () => {
  const q = (sql: string) => setShape(parseQuery(sql).body);
  assert.equal(q('SELECT a FROM t UNION SELECT a FROM u INTERSECT SELECT a FROM v'), 'UNION(t, INTERSECT(u, v))');
  assert.equal(q('SELECT a FROM t INTERSECT SELECT a FROM u UNION SELECT a FROM v'), 'UNION(INTERSECT(t, u), v)');
  assert.equal(q('SELECT a FROM t UNION ALL SELECT a FROM u EXCEPT SELECT a FROM v'), 'EXCEPT(UNION-ALL(t, u), v)');
  assert.equal(q('(SELECT a FROM t UNION SELECT a FROM u) INTERSECT SELECT a FROM v'), 'INTERSECT((UNION(t, u)), v)');
  assert.equal(q('SELECT a FROM t MINUS SELECT a FROM u'), 'EXCEPT(t, u)');
});

test('ORDER BY and LIMIT after a set operation apply to the whole of it', () => {
  const q = parseQuery('SELECT a FROM t UNION SELECT a FROM u ORDER BY a DESC LIMIT 5 OFFSET 2');
  assert.equal(q.body.kind, 'SetOperation');
  assert.equal(q.orderBy.length, 1);
  assert.equal(q.orderBy[0].direction, 'DESC');
  assert.deepEqual(strip(q.limit), { kind: 'NumericLiteral', text: '5' });
  assert.deepEqual(strip(q.offset), { kind: 'NumericLiteral', text: '2' });
  assert.deepEqual(strip(parseQuery('SELECT a FROM t FETCH FIRST 3 ROWS ONLY').limit), { kind: 'NumericLiteral', text: '3' });
});

test('JOINs chain left to right and a comma binds looser than JOIN', () => {
  const from = (sql: string) => joinShape(select(sql).from!);
  assert.equal(from('SELECT * FROM a JOIN b ON x LEFT JOIN c ON y'), 'LEFT(INNER(a, b), c)');
  assert.equal(from('SELECT * FROM a, b JOIN c ON x'), 'COMMA(a, INNER(b, c))');
  assert.equal(from('SELECT * FROM a JOIN (b JOIN c ON x) ON y'), 'INNER(a, INNER(b, c))');
  assert.equal(from('SELECT * FROM a CROSS JOIN b FULL OUTER JOIN c USING (k)'), 'FULL(CROSS(a, b), c)');
  const using = select('SELECT * FROM a JOIN b USING (k1, k2)').from as Join;
  assert.deepEqual(using.using, ['k1', 'k2']);
});

test('a temporal join keeps FOR SYSTEM_TIME AS OF on the table, before its alias', () => {
  const join = select('SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.cur = r.cur').from as Join;
  assert.equal(join.right.kind, 'TableName');
  assert.deepEqual(strip(join.right), {
    kind: 'TableName', name: ['rates'], hints: [],
    systemTime: { kind: 'Identifier', parts: ['o', 'order_time'] },
    alias: { name: 'r' },
  });
  assert.equal(shape(join.on!), '(= o.cur r.cur)');
});

test('window TVFs take TABLE, DESCRIPTOR and interval arguments, positional or named', () => {
  const positional = select("SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))").from!;
  const named = select("SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => INTERVAL '10' MINUTES))").from!;
  assert.equal(positional.kind, 'TableFunctionRef');
  assert.deepEqual(strip(positional), {
    kind: 'TableFunctionRef', lateral: false,
    call: {
      kind: 'FunctionCall', name: ['TUMBLE'], distinct: false, star: false,
      args: [
        { kind: 'TableArgument', table: ['Bid'], partitionBy: [] },
        { kind: 'Descriptor', columns: ['bidtime'] },
        { kind: 'IntervalLiteral', negative: false, value: '10', qualifier: { start: 'MINUTE' } },
      ],
    },
  });
  const args = named.kind === 'TableFunctionRef' && named.call.kind === 'FunctionCall' ? named.call.args : [];
  assert.deepEqual(args.map((a) => (a.kind === 'NamedArgument' ? `${a.name}:${a.value.kind}` : a.kind)), [
    'DATA:TableArgument', 'TIMECOL:Descriptor', 'SIZE:IntervalLiteral',
  ]);
});

test('SESSION takes a partitioned table argument, one key bare or several in parentheses', () => {
  const call = (sql: string) => {
    const from = select(sql).from!;
    return from.kind === 'TableFunctionRef' && from.call.kind === 'FunctionCall' ? from.call : assert.fail();
  };
  const one = call("SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))");
  assert.equal(one.args.length, 3);
  assert.deepEqual(strip(one.args[0]), { kind: 'TableArgument', table: ['Bid'], partitionBy: [{ kind: 'Identifier', parts: ['item'] }] });
  const two = call("SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY (item, supplier), DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))");
  assert.equal(two.args[0].kind === 'TableArgument' && two.args[0].partitionBy.length, 2);
});

test('LATERAL TABLE, UNNEST and subqueries in FROM carry their aliases and column lists', () => {
  const lateral = select('SELECT * FROM s, LATERAL TABLE(split(s)) AS T(word, len)').from as Join;
  assert.deepEqual(strip(lateral.right), {
    kind: 'TableFunctionRef', lateral: true,
    call: { kind: 'FunctionCall', name: ['split'], args: [{ kind: 'Identifier', parts: ['s'] }], distinct: false, star: false },
    alias: { name: 'T', columns: ['word', 'len'] },
  });
  const unnest = (select('SELECT * FROM o CROSS JOIN UNNEST(o.tags) WITH ORDINALITY AS t(tag, n)').from as Join).right;
  assert.ok(unnest.kind === 'UnnestRef' && unnest.withOrdinality && unnest.alias?.columns?.length === 2);
  const sub = select('SELECT * FROM (SELECT a FROM t) x').from!;
  assert.ok(sub.kind === 'SubqueryRef' && sub.alias?.name === 'x');
});

test('table hints after a name and query hints after SELECT are in the AST', () => {
  const s = select("SELECT /*+ BROADCAST(dim) */ * FROM t /*+ OPTIONS('scan.startup.mode' = 'earliest-offset', 'k' = 'v') */ AS x");
  assert.deepEqual(strip(s.hints), [{ name: 'BROADCAST', options: [{ kind: 'HintValue', value: 'dim', quoted: false }] }]);
  assert.ok(s.from?.kind === 'TableName');
  assert.deepEqual(strip(s.from.hints), [{
    name: 'OPTIONS',
    options: [
      { kind: 'HintKeyValue', key: 'scan.startup.mode', value: 'earliest-offset' },
      { kind: 'HintKeyValue', key: 'k', value: 'v' },
    ],
  }]);
  assert.equal(s.from.alias?.name, 'x');
});

test('GROUP BY reads expressions, GROUPING SETS, ROLLUP, CUBE and the empty set', () => {
  const g = select('SELECT 1 FROM t GROUP BY a, GROUPING SETS ((a, b), c, ()), ROLLUP (a, b), CUBE (c)').groupBy!;
  assert.deepEqual(g.map((e) => e.kind), ['Identifier', 'GroupingSets', 'Rollup', 'Cube']);
  const sets = g[1].kind === 'GroupingSets' ? g[1].sets : [];
  assert.deepEqual(sets.map((e) => e.kind), ['RowConstructor', 'Identifier', 'EmptyGroup']);
  const seed = select('SELECT symbol FROM s GROUP BY symbol, TUMBLE(transaction_date, INTERVAL \'1\' HOUR)').groupBy!;
  assert.equal(seed[1].kind, 'FunctionCall');
});

test('select items: stars, qualified stars, aliases with and without AS', () => {
  const items = select('SELECT *, t.*, db.t.*, a AS x, b y, c FROM t').items;
  assert.deepEqual(strip(items), [
    { kind: 'SelectStar' },
    { kind: 'SelectStar', qualifier: ['t'] },
    { kind: 'SelectStar', qualifier: ['db', 't'] },
    { kind: 'SelectExpr', expr: { kind: 'Identifier', parts: ['a'] }, alias: 'x' },
    { kind: 'SelectExpr', expr: { kind: 'Identifier', parts: ['b'] }, alias: 'y' },
    { kind: 'SelectExpr', expr: { kind: 'Identifier', parts: ['c'] } },
  ]);
});

test('WITH, VALUES and named windows', () => {
  const q = parseQuery('WITH x (a) AS (VALUES (1), (2)) SELECT SUM(a) OVER w FROM x WINDOW w AS (ORDER BY a)');
  assert.equal(q.with?.ctes[0].name, 'x');
  assert.deepEqual(q.with?.ctes[0].columns, ['a']);
  assert.equal(q.with?.ctes[0].query.body.kind, 'Values');
  assert.equal((q.body as Select).windows[0].name, 'w');
});
