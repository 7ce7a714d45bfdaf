import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleSink } from '../../../src/connectors/console/console-sink.ts';
import { withKind } from '../../../src/formats/row-kind.ts';

function capture() {
  const out = { text: '', write(chunk: string) { out.text += chunk; } };
  return out;
}

const ctx = { taskIndex: 0, parallelism: 1, jobName: 'test' };
const trade = { symbol: 'AAPL', transaction_date: 1704103200000, shares: 150, price: 101.5 };

test('print format writes Flink print-connector lines', async () => {
  const out = capture();
  const sink = consoleSink({ format: 'print', out, timestampColumns: ['transaction_date'] });
  await sink.open(ctx);
  await sink.write([trade], [0]);
  assert.equal(out.text, '+I[AAPL, 2024-01-01 10:00:00.000, 150, 101.5]\n');
});

test('print format shows row kinds, nulls and nested values', async () => {
  const out = capture();
  const sink = consoleSink({ out });
  await sink.open(ctx);
  await sink.write([
    withKind({ symbol: 'AAPL', n: 1 }, 'update-before'),
    withKind({ symbol: 'AAPL', n: 2 }, 'update-after'),
    withKind({ symbol: 'MSFT', n: null }, 'delete'),
    { symbol: 'X', tags: ['a', 'b'], meta: { k: 1 } },
  ], [0, 0, 0, 0]);
  assert.equal(out.text, '-U[AAPL, 1]\n+U[AAPL, 2]\n-D[MSFT, null]\n+I[X, ["a","b"], {"k":1}]\n');
});

test('print format follows the configured column order', async () => {
  const out = capture();
  const sink = consoleSink({ out, columns: ['price', 'symbol', 'missing'] });
  await sink.open(ctx);
  await sink.write([trade], [0]);
  assert.equal(out.text, '+I[101.5, AAPL, null]\n');
});

test('non-row values print with toString', async () => {
  const out = capture();
  const sink = consoleSink<unknown>({ out });
  await sink.open(ctx);
  await sink.write(['hello', 42], [0, 0]);
  assert.equal(out.text, 'hello\n42\n');
});

test('a print identifier prefixes every line, with the task number when parallel', async () => {
  const single = capture();
  const a = consoleSink({ out: single, printIdentifier: 'trades' });
  await a.open(ctx);
  await a.write([{ x: 1 }], [0]);
  assert.equal(single.text, 'trades> +I[1]\n');

  const parallel = capture();
  const b = consoleSink({ out: parallel, printIdentifier: 'trades' });
  await b.open({ taskIndex: 1, parallelism: 4, jobName: 'test' });
  await b.write([{ x: 1 }], [0]);
  assert.equal(parallel.text, 'trades:2> +I[1]\n');
});

test('table format prints an aligned tableau table of the batch', async () => {
  const out = capture();
  const sink = consoleSink({ format: 'table', out, timestampColumns: ['transaction_date'] });
  await sink.open(ctx);
  await sink.write([trade, withKind({ ...trade, symbol: 'MSFT', shares: 7 }, 'delete')], [0, 0]);
  assert.equal(out.text, [
    '+----+--------+-------------------------+--------+-------+',
    '| op | symbol |        transaction_date | shares | price |',
    '+----+--------+-------------------------+--------+-------+',
    '| +I |   AAPL | 2024-01-01 10:00:00.000 |    150 | 101.5 |',
    '| -D |   MSFT | 2024-01-01 10:00:00.000 |      7 | 101.5 |',
    '+----+--------+-------------------------+--------+-------+',
    '',
  ].join('\n'));
});

test('json format writes one JSON line per value', async () => {
  const out = capture();
  const sink = consoleSink({ format: 'json', out });
  await sink.open(ctx);
  await sink.write([{ a: 1 }, { b: 'x' }], [0, 0]);
  assert.equal(out.text, '{"a":1}\n{"b":"x"}\n');
});

test('output appears on write, before any commit (the console is not transactional)', async () => {
  const out = capture();
  const sink = consoleSink({ out });
  await sink.open(ctx);
  await sink.write([{ a: 1 }], [0]);
  assert.notEqual(out.text, '');
  assert.equal(await sink.prepareCommit(1), null);
});

test('an unknown format is a configuration error', () => {
  assert.throws(() => consoleSink({ format: 'xml' as never }), /option 'format'/);
});
