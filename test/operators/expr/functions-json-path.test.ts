import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { ExprEvalError } from '../../../src/plan/expr/errors.ts';
import {
  call, exprToString, jsonQueryCall, jsonValueCall, type Expr, type JsonQueryOptions, type JsonValueOptions,
} from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { T, evaluate, f, lit, n, s } from './helpers.ts';

const DOC = '{"tier":"gold","visits":12,"score":81.5,"vip":true,"tags":["a","b"],"address":{"zip":"10115","city":"Berlin"},"none":null}';

/** JSON_VALUE over column `s` holding `text`. */
const value = (text: string, path: string, options?: JsonValueOptions) => evaluate(jsonValueCall(f('s'), s(path), options), { s: text });
/** JSON_QUERY over column `s` holding `text`. */
const query = (text: string, path: string, options?: JsonQueryOptions) => evaluate(jsonQueryCall(f('s'), s(path), options), { s: text });
const orDefault = (value: Expr): JsonValueOptions['onEmpty'] => ({ behavior: 'DEFAULT', value });

test('JSON_VALUE … RETURNING gives the scalar as that type', () => {
  assert.equal(value(DOC, '$.visits', { returning: D.INT() }), 12);
  assert.equal(value(DOC, '$.score', { returning: D.DOUBLE() }), 81.5);
  assert.equal(value(DOC, '$.vip', { returning: D.BOOLEAN() }), true);
  assert.equal(value(DOC, '$.score', { returning: D.DECIMAL(4, 0) }), 82);
  assert.equal(value(DOC, '$.visits', { returning: D.STRING() }), '12');
  assert.equal(jsonValueCall(f('s'), s('$.visits'), { returning: D.INT() }).type.kind, 'INT');
});

test('a scalar that does not fit the RETURNING type is an error: NULL by default, DEFAULT or a failure on request', () => {
  assert.equal(value(DOC, '$.score', { returning: D.INT() }), null);
  assert.equal(value(DOC, '$.tier', { returning: D.INT(), onError: orDefault(lit(-1, D.INT())) }), -1);
  assert.equal(value('{"n":300}', '$.n', { returning: D.TINYINT(), onError: orDefault(n('0')) }), 0);
  assert.equal(value('{"n":123.4}', '$.n', { returning: D.DECIMAL(3, 1), onError: orDefault(n('0')) }), 0);
  assert.throws(() => value(DOC, '$.tier', { returning: D.BOOLEAN(), onError: { behavior: 'ERROR' } }),
    (e) => e instanceof ExprEvalError && e.message === 'JSON_VALUE: cannot return "gold" as BOOLEAN');
});

test('a path without a mode is strict: nothing there is an error, not empty (Flink)', () => {
  const options: JsonValueOptions = { returning: D.INT(), onEmpty: orDefault(n('0')), onError: orDefault(lit(-1, D.INT())) };
  assert.equal(value(DOC, '$.missing', options), -1);
  assert.equal(value(DOC, 'strict $.address.street', options), -1);
  assert.equal(value('not json', '$.visits', options), -1);
  assert.throws(() => value(DOC, '$.missing', { onError: { behavior: 'ERROR' } }), /JSON_VALUE: no value at '\$.missing'/);
  assert.throws(() => value('{oops', '$.a', { onError: { behavior: 'ERROR' } }), /JSON_VALUE: not valid JSON: '\{oops'/);
});

test('a lax path that finds nothing, or reads text that is not JSON, is empty', () => {
  const options: JsonValueOptions = { returning: D.INT(), onEmpty: orDefault(n('0')), onError: orDefault(lit(-1, D.INT())) };
  assert.equal(value(DOC, 'lax $.missing', options), 0);
  assert.equal(value(DOC, 'lax $.tags[5]', options), 0);
  assert.equal(value('not json', 'lax $.visits', options), 0);
  assert.equal(value(DOC, 'lax $.missing'), null);
  assert.throws(() => value(DOC, 'lax $.missing', { onEmpty: { behavior: 'ERROR' } }), /JSON_VALUE: empty result is not allowed/);
});

test('JSON null is empty in both modes; an object is empty in lax mode and an error in strict mode', () => {
  const options: JsonValueOptions = { onEmpty: orDefault(s('empty')), onError: orDefault(s('error')) };
  assert.equal(value(DOC, '$.none', options), 'empty');
  assert.equal(value(DOC, 'lax $.address', options), 'empty');
  assert.equal(value(DOC, '$.address', options), 'error');
  assert.equal(value(DOC, '$.address.zip', options), '10115');
});

test('a DEFAULT is cast to the RETURNING type, may read the row, and is evaluated only when its clause applies', () => {
  assert.equal(value(DOC, 'lax $.missing', { onEmpty: orDefault(lit(true, D.BOOLEAN())) }), 'TRUE');
  const e = jsonValueCall(f('s'), s('$.visits'), { returning: D.BIGINT(), onError: orDefault(call('/', [n('100'), f('i')])) });
  assert.equal(evaluate(e, { s: DOC, i: 0 }), 12, 'the division by zero is never evaluated');
  assert.equal(evaluate(e, { s: 'oops', i: 4 }), 25);
  assert.throws(() => evaluate(e, { s: 'oops', i: 0 }), /division by zero/);
});

test('a DEFAULT … ON EMPTY that fails falls through to the ON ERROR behavior', () => {
  const failing = orDefault(call('/', [n('1'), f('i')]));
  assert.equal(evaluate(jsonValueCall(f('s'), s('lax $.x'), { returning: D.INT(), onEmpty: failing, onError: orDefault(n('7')) }), { s: DOC, i: 0 }), 7);
  assert.equal(evaluate(jsonValueCall(f('s'), s('lax $.x'), { returning: D.INT(), onEmpty: failing }), { s: DOC, i: 0 }), null);
});

test('JSON_VALUE is NULL for a NULL document or path, whatever the clauses say', () => {
  const e = jsonValueCall(f('s'), f('s2'), { onEmpty: orDefault(s('d')), onError: orDefault(s('d')) });
  assert.equal(evaluate(e, { s: null, s2: '$.a' }), null);
  assert.equal(evaluate(e, { s: DOC, s2: null }), null);
  assert.equal(evaluate(e, { s: DOC, s2: '$.tier' }), 'gold');
  assert.equal(evaluate(e, { s: DOC, s2: '$.a[*]' }), 'd', 'a path that does not parse at run time is an error');
});

test('JSON_QUERY wraps as asked: without, conditionally (what is not an array yet) or unconditionally', () => {
  assert.equal(query(DOC, '$.tags'), '["a","b"]');
  assert.equal(query(DOC, '$.tier', { wrapper: 'UNCONDITIONAL' }), '["gold"]');
  assert.equal(query(DOC, '$.tags', { wrapper: 'UNCONDITIONAL' }), '[["a","b"]]');
  assert.equal(query(DOC, '$.tags', { wrapper: 'CONDITIONAL' }), '["a","b"]');
  assert.equal(query(DOC, '$.address', { wrapper: 'CONDITIONAL' }), '[{"city":"Berlin","zip":"10115"}]');
  assert.equal(query(DOC, '$.visits', { wrapper: 'CONDITIONAL' }), '[12]');
});

test('JSON_QUERY writes object keys in sorted order, as Flink does', () => {
  assert.equal(query('{"b":1,"a":{"d":[{"z":1,"y":2}],"c":null},"10":0,"9":0}', '$'), '{"10":0,"9":0,"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
});

test('JSON_QUERY of a scalar or of nothing: empty in lax mode, an error in strict mode, each with its behavior', () => {
  assert.equal(query(DOC, 'lax $.missing', { onEmpty: 'EMPTY ARRAY' }), '[]');
  assert.equal(query(DOC, 'lax $.tier', { onEmpty: 'EMPTY OBJECT' }), '{}');
  assert.equal(query(DOC, '$.none', { onEmpty: 'EMPTY ARRAY', onError: 'EMPTY OBJECT' }), '[]');
  assert.equal(query(DOC, '$.tier', { onEmpty: 'EMPTY ARRAY', onError: 'EMPTY OBJECT' }), '{}');
  assert.equal(query('not json', '$', { onError: 'EMPTY ARRAY' }), '[]');
  assert.equal(query(DOC, '$.missing'), null);
  assert.throws(() => query(DOC, 'strict $.missing', { onError: 'ERROR' }), /JSON_QUERY: no value at 'strict \$.missing'/);
  assert.throws(() => query(DOC, 'lax $.missing', { onEmpty: 'ERROR' }), /JSON_QUERY: empty result is not allowed/);
});

test('the clauses print in SQL spelling in EXPLAIN text', () => {
  const v = jsonValueCall(f('s'), s('$.n'), { returning: D.INT(), onEmpty: orDefault(n('0')) });
  assert.equal(exprToString(v), "JSON_VALUE(s, '$.n' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR)");
  const q = jsonQueryCall(f('s'), s('$.t'), { wrapper: 'CONDITIONAL', onError: 'EMPTY ARRAY' });
  assert.equal(exprToString(q), "JSON_QUERY(s, '$.t' WITH CONDITIONAL ARRAY WRAPPER NULL ON EMPTY EMPTY ARRAY ON ERROR)");
  assert.equal(exprToString(jsonValueCall(f('s'), s('$.n'))), "JSON_VALUE(s, '$.n')");
});

test('unsupported RETURNING types and DEFAULT values that cannot be cast are rejected when planning', () => {
  assert.throws(() => jsonValueCall(f('s'), s('$.d'), { returning: D.DATE() }), /JSON_VALUE: RETURNING DATE is not supported/);
  assert.throws(() => jsonValueCall(f('s'), s('$.n'), { returning: D.INT(), onEmpty: orDefault(f('ts')) }),
    /the DEFAULT value of type TIMESTAMP\(3\) cannot be cast to the RETURNING type INT/);
  assert.throws(() => compileExpr(jsonQueryCall(f('s'), s('$.a[*]'), { wrapper: 'CONDITIONAL' }), T), /JSON_QUERY: unsupported JSON path/);
  assert.throws(() => call('JSON_QUERY', [f('s'), s('$'), s('SOMETIMES'), s('NULL'), s('NULL')]), /cannot apply 'JSON_QUERY'/);
});
