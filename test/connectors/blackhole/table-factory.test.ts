import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import type { BlackholeSink } from '../../../src/connectors/blackhole/blackhole-sink.ts';
import { blackholeTableFactory } from '../../../src/connectors/blackhole/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

test('the blackhole table discards every row and counts them', async () => {
  const sink = blackholeTableFactory.createSink!(tableContext(blackholeTableFactory, rowType(['n', DataTypes.INT()]), { 'connector': 'blackhole' }));
  await runTable(memorySource([{ n: 1 }, { n: 2 }, { n: 3 }]), sink);
  assert.equal((sink as BlackholeSink<unknown>).count, 3);
});

test('the blackhole table takes no options', () => {
  assert.throws(() => tableContext(blackholeTableFactory, rowType(['n', DataTypes.INT()]), { 'connector': 'blackhole', 'path': '/dev/null' }),
    /option 'path': is not an option of connector 'blackhole'.*Valid options: connector$/);
});
