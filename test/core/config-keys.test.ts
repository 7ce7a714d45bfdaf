import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKED_PREFIXES, CONFIG_KEYS, checkSetting, SessionConfig } from '../../src/core/config-keys.ts';
import { SparkSession } from '../../src/engine/dataframe/spark-session.ts';
import { TableEnvironment } from '../../src/engine/table-environment.ts';

test('SQL SET of a misspelt engine key is an error at the key, with a did-you-mean', () => {
  const env = TableEnvironment.create();
  const sql = "SET 'table.exec.state.tll' = '1 h'";
  assert.throws(() => env.executeSql(sql), (error: Error) => {
    assert.match(error.message, /SQL error at 1:5: option 'table\.exec\.state\.tll': unknown configuration key; did you mean 'table\.exec\.state\.ttl'\?/);
    assert.match(error.message, /Sluice knows these table\.exec\.\* keys: .*table\.exec\.source\.idle-timeout/);
    assert.match(error.message, /\n {2}SET 'table\.exec\.state\.tll' = '1 h'\n {6}\^/, 'a caret under the key');
    return true;
  });
  assert.equal(env.config.has('table.exec.state.tll'), false, 'nothing was set');
  for (const [key, hint] of [
    ['execution.checkpointing.intervall', 'execution.checkpointing.interval'],
    ['pipeline.nmae', 'pipeline.name'],
    ['execution.runtime.mode', 'execution.runtime-mode'],
  ]) {
    assert.throws(() => env.executeSql(`SET '${key}' = '1'`), new RegExp(`did you mean '${hint.replaceAll('.', '\\.')}'`), key);
  }
});

test('an engine key Sluice does not honour is refused too, with the keys it knows', () => {
  assert.throws(() => checkSetting('table.exec.mini-batch.enabled', 'true'), /option 'table\.exec\.mini-batch\.enabled': unknown configuration key/);
  assert.throws(() => checkSetting('state.no-such-thing', 'x'), /unknown configuration key/);
});

test('a known key with a value of the wrong type is refused, naming the key', () => {
  const env = TableEnvironment.create();
  assert.throws(() => env.executeSql("SET 'table.exec.state.ttl' = 'forever'"), /table\.exec\.state\.ttl.*'forever' is not a duration/);
  assert.throws(() => env.executeSql("SET 'execution.runtime-mode' = 'batchh'"), /'batchh' is not one of streaming, batch; did you mean 'batch'\?/);
  assert.throws(() => env.executeSql("SET 'execution.savepoint.ignore-unclaimed-state' = 'yes'"), /must be 'true' or 'false'/);
  env.executeSql("SET 'table.exec.state.ttl' = '36 h'");
  env.executeSql("SET 'execution.runtime-mode' = 'BATCH'");
  assert.equal(env.mode, 'batch');
});

test('keys outside the engine prefixes pass through (a client setting, Spark keys)', () => {
  const env = TableEnvironment.create();
  env.executeSql("SET 'table.dml-sync' = 'true'");
  env.executeSql("SET 'sql-client.execution.result-mode' = 'tableau'");
  assert.equal(env.config.get('table.dml-sync'), 'true');
});

test('every way of making a setting checks it: TableEnvironment options and config, SparkSession builder and conf', () => {
  assert.throws(() => TableEnvironment.create({ config: { 'table.exec.state.tll': '1 h' } }), /did you mean 'table\.exec\.state\.ttl'/);
  const env = TableEnvironment.create({ config: { 'table.exec.state.ttl': '1 h' } });
  assert.throws(() => env.config.set('table.exec.source.idle-timeot', '5 s'), /did you mean 'table\.exec\.source\.idle-timeout'/);
  assert.throws(() => SparkSession.builder().config('table.exec.state.tll', '1 h'), /did you mean 'table\.exec\.state\.ttl'/);
  const spark = new SparkSession();
  assert.throws(() => spark.conf.set('table.exec.state.tll', '1 h'), /did you mean 'table\.exec\.state\.ttl'/);
  spark.conf.set('spark.sql.shuffle.partitions', 4);
  spark.conf.set('table.exec.state.ttl', '10 min');
  assert.equal(spark.conf.get('table.exec.state.ttl'), '10 min');
});

test('the registry: each key sits under a checked prefix and its default is a valid value', () => {
  for (const spec of CONFIG_KEYS) {
    assert.ok(CHECKED_PREFIXES.some((p) => spec.key.startsWith(p)), spec.key);
    if (spec.default !== '') assert.doesNotThrow(() => new SessionConfig({ [spec.key]: spec.default }), spec.key);
  }
});

test('every engine key the source code names is in the registry (so none can be read but refused by SET)', () => {
  const named = new Set<string>();
  const pattern = new RegExp(`'((?:${CHECKED_PREFIXES.map((p) => p.replaceAll('.', '\\.')).join('|')})[a-z0-9.-]+)'`, 'g');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && name !== 'config-keys.ts') for (const m of readFileSync(path, 'utf8').matchAll(pattern)) named.add(m[1]);
    }
  };
  walk(join(import.meta.dirname, '../../src'));
  assert.ok(named.has('table.exec.source.idle-timeout'), 'the scan found the keys the planner reads');
  const known = new Set(CONFIG_KEYS.map((k) => k.key));
  assert.deepEqual([...named].filter((k) => !known.has(k)), []);
});
