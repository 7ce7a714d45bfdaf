import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../../src/api/sql/index.ts';

const kinds = (sql: string) => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

test('words, quoted names, strings, numbers and symbols become tokens; comments vanish', () => {
  assert.deepEqual(kinds("SELECT `a``b`, 'it''s', 1.5e3 -- note\n/* block */ FROM t WHERE x <> 3"), [
    'word:SELECT', 'quoted:a`b', 'symbol:,', "string:it's", 'symbol:,', 'number:1.5e3',
    'word:FROM', 'word:t', 'word:WHERE', 'word:x', 'symbol:<>', 'number:3', 'eof:',
  ]);
});

test('two-character operators win over their one-character prefixes', () => {
  assert.deepEqual(kinds('a<=b>=c!=d||e=>f<>g').filter((k) => k.startsWith('symbol')), [
    'symbol:<=', 'symbol:>=', 'symbol:!=', 'symbol:||', 'symbol:=>', 'symbol:<>',
  ]);
});

test('keywords are matched upper-case but keep their spelling', () => {
  const [t] = tokenize('sElEcT');
  assert.equal(t.upper, 'SELECT');
  assert.equal(t.value, 'sElEcT');
});

test('a hint is delimited by hint-start and hint-end tokens with ordinary tokens between', () => {
  assert.deepEqual(kinds("/*+ OPTIONS('k'='v') */"), [
    'hint-start:/*+', 'word:OPTIONS', 'symbol:(', 'string:k', 'symbol:=', 'string:v', 'symbol:)', 'hint-end:*/', 'eof:',
  ]);
  // outside a hint, */ is just two operators
  assert.deepEqual(kinds('a */ b'), ['word:a', 'symbol:*', 'symbol:/', 'word:b', 'eof:']);
});

test('binary literals and numbers in their several shapes', () => {
  assert.deepEqual(kinds("X'0a ff' .5 7. 1E+2"), ['binary:0AFF', 'number:.5', 'number:7.', 'number:1E+2', 'eof:']);
});

test('tokens know their line, column and offset, across \\n and \\r\\n line ends', () => {
  const tokens = tokenize("a\r\n  'x\ny' b\n\tc");
  assert.deepEqual(tokens.map((t) => [t.pos.line, t.pos.column, t.pos.offset]), [
    [1, 1, 0], [2, 3, 5], [3, 4, 11], [4, 2, 14], [4, 3, 15],
  ]);
});

test('unicode letters are identifier characters', () => {
  assert.deepEqual(kinds('preço_médio'), ['word:preço_médio', 'eof:']);
});
