// 'format' = 'avro-confluent' against the real broker and the real schema registry (Apicurio's
// Confluent API): the sink registers the table's schema under the subject its strategy names and
// frames each record with its id; the source fetches writer schemas by id and resolves them to the
// table's (evolution); bad records (wrong magic byte, unknown id, truncated, schema mismatch) go
// through fail / ignore / dead-letter with their offset and reason; an unreachable registry is a
// clear error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureKcat } from '../../../scripts/kafka/kcat.ts';
import { DataTypes, notNull } from '../../../src/core/data-types.ts';
import { DEAD_LETTER_HEADERS } from '../../../src/connectors/kafka/dead-letter.ts';
import { kafkaTableFactory } from '../../../src/connectors/kafka/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { registryTest, requireRegistryUrl } from '../../kafka/registry-env.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';
import { connect, newTopic, readAll } from './kafka-helpers.ts';

const T = DataTypes;
const schema = rowType(['id', notNull(T.BIGINT())], ['symbol', T.STRING()], ['price', T.DOUBLE()]);
const rows = [{ id: 1, symbol: 'AAPL', price: 187.25 }, { id: 2, symbol: null, price: 1.5 }];

/** Avro's long (zigzag varint), from the specification: an encoder that is not the one under test. */
function zigzag(n: number): number[] {
  let z = n >= 0 ? 2 * n : -2 * n - 1;
  const out: number[] = [];
  while (z >= 0x80) { out.push((z % 0x80) | 0x80); z = Math.floor(z / 0x80); }
  out.push(z);
  return out;
}
const header = (id: number) => [0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255];

async function registry(path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${requireRegistryUrl()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${path}: HTTP ${response.status} ${await response.clone().text()}`);
  return response.json();
}

function tableOptions(topic: string, extra: Record<string, string> = {}): Record<string, string> {
  const format = extra['format'] ?? 'avro-confluent';
  return {
    'connector': 'kafka', 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap(), 'format': format,
    [`${format}.url`]: requireRegistryUrl(), 'scan.startup.mode': 'earliest-offset', 'scan.bounded.mode': 'latest-offset', ...extra,
  };
}

registryTest("the sink registers the table's schema under <topic>-value and frames records with its id; the source reads them back", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-confluent');
  await kafka.close();
  await runTable(memorySource(rows), kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema, tableOptions(topic))));

  const latest = await registry(`/subjects/${topic}-value/versions/latest`);
  assert.deepEqual(JSON.parse(latest.schema).fields.map((f: { name: string }) => f.name), ['id', 'symbol', 'price']);
  const raw = await readAll<{ value: Buffer }>({ topic, valueFormat: 'raw', metadata: true });
  // Each value, by the wire format and the Avro specification: magic 0, the registered id, then the datum.
  const idBytes = header(latest.id);
  assert.deepEqual([...raw[0].value.subarray(0, 5)], idBytes);
  assert.deepEqual([...raw[0].value.subarray(5, 8)], [...zigzag(1), ...zigzag(1), ...zigzag(4)]); // id 1, union branch 1, 4 chars
  assert.deepEqual([...raw[1].value.subarray(5, 7)], [...zigzag(2), ...zigzag(0)]); // id 2, symbol null

  const back = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic))));
  assert.deepEqual(back.map((r) => ({ ...r })), rows);
});

registryTest("records of another schema version, written by another producer, are resolved to the table's schema", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-confluent-evolve');
  // v2 of the writer: id as int (promoted to long), an extra field the table does not have, no price.
  const writer = { type: 'record', name: 'trade', namespace: 'example', fields: [
    { name: 'id', type: 'int' }, { name: 'venue', type: 'string' }, { name: 'symbol', type: ['null', 'string'] },
  ] };
  const { id } = await registry(`/subjects/${topic}-value/versions`, { schema: JSON.stringify(writer) });
  const value = Buffer.from([...header(id), ...zigzag(7), ...zigzag(4), ...Buffer.from('XNAS'), ...zigzag(1), ...zigzag(4), ...Buffer.from('MSFT')]);
  const producer = kafka.producer();
  try {
    await producer.send([{ topic, partition: 0, key: null, value }]);
  } finally {
    await producer.close();
  }
  await kafka.close();
  const back = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic))));
  assert.deepEqual(back.map((r) => ({ ...r })), [{ id: 7, symbol: 'MSFT', price: null }]);
});

registryTest('bad records — wrong magic byte, unknown schema id, truncated, schema mismatch — fail, are skipped, or go to the dead-letter topic with offset and reason', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-confluent-bad');
  const dlq = await newTopic(kafka, 'avro-confluent-bad-dead');
  const good = { type: 'record', name: 'record', fields: [{ name: 'id', type: 'long' }, { name: 'symbol', type: ['null', 'string'] }, { name: 'price', type: ['null', 'double'] }] };
  const clash = { type: 'record', name: 'record', fields: [{ name: 'id', type: 'string' }] };
  const goodId = (await registry(`/subjects/${topic}-value/versions`, { schema: JSON.stringify(good) })).id;
  const clashId = (await registry(`/subjects/${topic}-other/versions`, { schema: JSON.stringify(clash) })).id;
  const values = [
    Buffer.from([...header(goodId), ...zigzag(1), ...zigzag(0), ...zigzag(0)]), // offset 0: good
    Buffer.from('{"id":2}'), // 1: wrong magic byte
    Buffer.from([...header(2_000_000_000), ...zigzag(3), 0, 0]), // 2: unknown schema id
    Buffer.from([0, 0, 0]), // 3: truncated header
    Buffer.from([...header(clashId), ...zigzag(1), 0x61]), // 4: a schema the table cannot read
    Buffer.from([...header(goodId), ...zigzag(6)]), // 5: truncated datum
    Buffer.from([...header(goodId), ...zigzag(9), ...zigzag(0), ...zigzag(0)]), // 6: good
  ];
  const producer = kafka.producer();
  try {
    await producer.send(values.map((value) => ({ topic, partition: 0, key: null, value })));
  } finally {
    await producer.close();
  }
  await kafka.close();

  await assert.rejects(runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic)))),
    new RegExp(`${topic} partition 0 offset 1: wrong magic byte 0x7b`));
  const kept = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic, { 'avro-confluent.ignore-parse-errors': 'true' }))));
  assert.deepEqual(kept.map((r) => r['id']), [1, 9]);

  const dead = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic, { 'scan.dead-letter-topic': dlq }))));
  assert.deepEqual(dead.map((r) => r['id']), [1, 9]);
  const { stdout } = await promisify(execFile)(await ensureKcat(), ['-C', '-b', requireKafkaBootstrap(), '-t', dlq, '-o', 'beginning', '-e', '-q',
    '-X', 'isolation.level=read_committed', '-f', '%h\\n'], { timeout: 60_000 });
  const reasons = stdout.split('\n').filter((l) => l !== '').map((h) => /sluice\.error\.message=([^,]*)/.exec(h)?.[1]);
  assert.equal(reasons.length, 5, stdout);
  const expected = [
    [1, /wrong magic byte 0x7b/], [2, /unknown schema id 2000000000/], [3, /truncated record: 3 bytes/],
    [4, /the writer's Avro schema cannot be read as the table's/], [5, /truncated Avro record/],
  ] as const;
  expected.forEach(([offset, reason], i) => {
    assert.ok(reasons[i]?.startsWith(`${topic} partition 0 offset ${offset}: `), `${reasons[i]}`);
    assert.match(reasons[i]!, reason);
  });
  assert.ok(stdout.includes(`${DEAD_LETTER_HEADERS.origin}=${topic} partition 0 offset 4`), stdout);
});

registryTest("subject strategies: 'record' names the subject after the record, 'topic-record' after topic and record", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-confluent-subjects');
  await kafka.close();
  const writer = JSON.stringify({ type: 'record', name: 'trade', namespace: `sluice.test${process.pid}`, fields: [
    { name: 'id', type: 'long' }, { name: 'symbol', type: ['null', 'string'] }, { name: 'price', type: ['null', 'double'] },
  ] });
  for (const strategy of ['record', 'topic-record']) {
    await runTable(memorySource(rows), kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema,
      tableOptions(topic, { 'avro-confluent.subject-name-strategy': strategy, 'avro-confluent.schema': writer }))));
  }
  const subjects: string[] = await registry('/subjects');
  assert.ok(subjects.includes(`sluice.test${process.pid}.trade`), subjects.join(', '));
  assert.ok(subjects.includes(`${topic}-sluice.test${process.pid}.trade`), subjects.join(', '));
  const back = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic))));
  assert.deepEqual(back.map((r) => ({ ...r })), [...rows, ...rows]);
});

registryTest('a registry that is not reachable when the job starts is a clear error naming its URL', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-confluent-down');
  await kafka.close();
  const down = 'http://127.0.0.1:1/apis/ccompat/v7';
  await assert.rejects(runTable(memorySource(rows), kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema,
    tableOptions(topic, { 'avro-confluent.url': down })))), /option 'avro-confluent.url': the schema registry at http:\/\/127.0.0.1:1\/apis\/ccompat\/v7 is not reachable/);
  await assert.rejects(runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic, { 'avro-confluent.url': down })))),
    /the schema registry at http:\/\/127.0.0.1:1\/apis\/ccompat\/v7 is not reachable/);
});

registryTest("a 'debezium-avro-confluent' table reads Debezium's Avro envelopes as a changelog: c → +I, u → -U/+U, d → -D", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'debezium-avro');
  // The envelope Debezium's Avro converter registers (trimmed to what the table reads, plus a source field).
  const value = { type: 'record', name: 'Value', namespace: 'dbserver1.inventory.products', fields: [
    { name: 'id', type: 'long' }, { name: 'symbol', type: ['null', 'string'], default: null }, { name: 'price', type: ['null', 'double'], default: null },
  ] };
  const envelope = { type: 'record', name: 'Envelope', namespace: 'dbserver1.inventory.products', fields: [
    { name: 'before', type: ['null', value], default: null },
    { name: 'after', type: ['null', 'dbserver1.inventory.products.Value'], default: null },
    { name: 'source', type: 'string' },
    { name: 'op', type: 'string' },
  ] };
  const { id } = await registry(`/subjects/${topic}-value/versions`, { schema: JSON.stringify(envelope) });
  const utf8 = (s: string) => [...zigzag(Buffer.byteLength(s)), ...Buffer.from(s)];
  const double = (x: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return [...b]; };
  const row = (rid: number, symbol: string, price: number) => [...zigzag(1), ...zigzag(rid), ...zigzag(1), ...utf8(symbol), ...zigzag(1), ...double(price)];
  const none = zigzag(0);
  const events = [
    [...header(id), ...none, ...row(1, 'AAPL', 10), ...utf8('mysql'), ...utf8('c')],
    [...header(id), ...row(1, 'AAPL', 10), ...row(1, 'AAPL', 12), ...utf8('mysql'), ...utf8('u')],
    [...header(id), ...row(1, 'AAPL', 12), ...none, ...utf8('mysql'), ...utf8('d')],
  ];
  const producer = kafka.producer();
  try {
    await producer.send(events.map((bytes) => ({ topic, partition: 0, key: null, value: Buffer.from(bytes) })));
  } finally {
    await producer.close();
  }
  await kafka.close();
  const rows = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, tableOptions(topic, { 'format': 'debezium-avro-confluent', 'debezium-avro-confluent.url': requireRegistryUrl() }))));
  assert.deepEqual(rows.map((r) => `${String(r['$kind'] ?? 'insert')}:${r['id']}:${r['symbol']}:${r['price']}`), [
    'insert:1:AAPL:10', 'update-before:1:AAPL:10', 'update-after:1:AAPL:12', 'delete:1:AAPL:12',
  ]);
});

registryTest("'avro-confluent.basic-auth.user-info' goes to the registry as HTTP basic auth; wrong credentials are a clear error", async () => {
  // The test registry runs without authentication, so a loopback proxy in front of it demands the
  // credentials (as a secured registry would) and forwards what it lets through.
  const { createServer } = await import('node:http');
  const target = new URL(requireRegistryUrl());
  const expected = `Basic ${Buffer.from('sluice:s3cret').toString('base64')}`;
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error_code":401,"message":"Unauthorized"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      fetch(`${target.origin}${req.url}`, { method: req.method, headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' }, body: body.length > 0 ? body : undefined })
        .then(async (r) => res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await r.arrayBuffer())))
        .catch((e: Error) => res.writeHead(502).end(e.message));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const port = (proxy.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}${target.pathname}`;
    const kafka = await connect();
    const topic = await newTopic(kafka, 'avro-confluent-auth');
    await kafka.close();
    const secured = (userInfo: string) => tableOptions(topic, {
      'avro-confluent.url': url, 'avro-confluent.basic-auth.credentials-source': 'USER_INFO', 'avro-confluent.basic-auth.user-info': userInfo,
    });
    await runTable(memorySource(rows), kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema, secured('sluice:s3cret'))));
    const back = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, secured('sluice:s3cret'))));
    assert.deepEqual(back.map((r) => ({ ...r })), rows);
    assert.ok(seen.length > 0 && seen.every((h) => h === expected), 'every request carried the credentials');
    await assert.rejects(runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, secured('sluice:wrong')))),
      /refused the credentials \(HTTP 401\)/);
  } finally {
    proxy.close();
  }
});
