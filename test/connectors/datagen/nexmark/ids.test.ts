import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTypeOf, lastBase0AuctionId, lastBase0PersonId } from '../../../../src/connectors/datagen/nexmark/ids.ts';
import { AUCTION_EVENT, BID_EVENT, PERSON_EVENT } from '../../../../src/connectors/datagen/nexmark/model.ts';

test('each block of 50 events is one person, then three auctions, then 46 bids', () => {
  const kinds = Array.from({ length: 100 }, (_, n) => eventTypeOf(n));
  for (const block of [kinds.slice(0, 50), kinds.slice(50)]) {
    assert.deepEqual(block.slice(0, 4), [PERSON_EVENT, AUCTION_EVENT, AUCTION_EVENT, AUCTION_EVENT]);
    assert.ok(block.slice(4).every((kind) => kind === BID_EVENT));
  }
});

test('the last person id counts the persons created so far', () => {
  assert.equal(lastBase0PersonId(0), 0);
  assert.equal(lastBase0PersonId(49), 0);
  assert.equal(lastBase0PersonId(50), 1);
  assert.equal(lastBase0PersonId(120), 2);
});

test('the last auction id counts the auctions created so far', () => {
  assert.equal(lastBase0AuctionId(0), -1, 'no auction before the first block creates one');
  assert.equal(lastBase0AuctionId(1), 0);
  assert.equal(lastBase0AuctionId(3), 2);
  assert.equal(lastBase0AuctionId(49), 2);
  assert.equal(lastBase0AuctionId(50), 2, 'the person event of the next block creates no auction');
  assert.equal(lastBase0AuctionId(51), 3);
  assert.equal(lastBase0AuctionId(104), 8);
});
