import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../../src/core/errors.ts';
import {
  AUCTION_EVENT, BID_EVENT, isAuctionEvent, isBidEvent, isPersonEvent, nexmarkEventTime, nexmarkSource, PERSON_EVENT,
  type NexmarkEvent,
} from '../../../../src/connectors/datagen/index.ts';
import { END } from '../../../../src/connectors/spi.ts';
import { contextAt, readAcrossRestore, readSplit } from '../read-split.ts';

const FIRST = Date.UTC(2024, 0, 1);

test('5000 events are 100 persons, 300 auctions and 4600 bids (1:3:46)', async () => {
  const { values, ended } = await readSplit(nexmarkSource({ maxEvents: 5000 }));
  assert.equal(ended, true);
  assert.equal(values.length, 5000);
  const count = (type: number) => values.filter((e) => e.event_type === type).length;
  assert.deepEqual([count(PERSON_EVENT), count(AUCTION_EVENT), count(BID_EVENT)], [100, 300, 4600]);
});

test('exactly the part named by event_type is set and the others are null', async () => {
  const { values } = await readSplit(nexmarkSource({ maxEvents: 500 }));
  for (const e of values) {
    assert.deepEqual([e.person !== null, e.auction !== null, e.bid !== null], [e.event_type === 0, e.event_type === 1, e.event_type === 2]);
  }
});

test('persons and auctions get consecutive ids from 1000; bids and sellers refer to recent ones', async () => {
  const { values } = await readSplit(nexmarkSource({ maxEvents: 20_000, seed: 2 }));
  const personIds = values.filter(isPersonEvent).map((e) => e.person.id);
  const auctionIds = values.filter(isAuctionEvent).map((e) => e.auction.id);
  assert.deepEqual(personIds, Array.from({ length: 400 }, (_, i) => 1000 + i));
  assert.deepEqual(auctionIds, Array.from({ length: 1200 }, (_, i) => 1000 + i));
  let lastPerson = 999;
  let lastAuction = 999;
  const biddenAuctions = new Set<number>();
  for (const e of values) {
    if (e.person) lastPerson = e.person.id;
    if (e.auction) {
      lastAuction = e.auction.id;
      assert.ok(e.auction.seller >= 1000 && e.auction.seller <= lastPerson + 10, `seller ${e.auction.seller}`);
    }
    if (e.bid) {
      biddenAuctions.add(e.bid.auction);
      assert.ok(e.bid.auction >= 1000 && e.bid.auction >= lastAuction - 100 && e.bid.auction <= lastAuction + 10, `auction ${e.bid.auction}`);
      assert.ok(e.bid.bidder >= 1000 && e.bid.bidder <= lastPerson + 10, `bidder ${e.bid.bidder}`);
    }
  }
  assert.ok(biddenAuctions.size > 500, 'bids spread over many auctions');
});

test('records have the standard fields with plausible values', async () => {
  const { values } = await readSplit(nexmarkSource({ maxEvents: 2000, seed: 3 }));
  const person = values.find(isPersonEvent)!.person;
  assert.deepEqual(Object.keys(person), ['id', 'name', 'emailAddress', 'creditCard', 'city', 'state', 'dateTime', 'extra']);
  assert.match(person.emailAddress, /^[a-z ]+@[a-z ]+\.com$/);
  assert.match(person.creditCard, /^\d{4} \d{4} \d{4} \d{4}$/);
  const auctions = values.filter(isAuctionEvent).map((e) => e.auction);
  assert.deepEqual(Object.keys(auctions[0]),
    ['id', 'itemName', 'description', 'initialBid', 'reserve', 'dateTime', 'expires', 'seller', 'category', 'extra']);
  for (const a of auctions) {
    assert.ok(a.reserve >= a.initialBid && a.expires > a.dateTime && a.category >= 10 && a.category <= 14);
  }
  const bids = values.filter(isBidEvent).map((e) => e.bid);
  assert.deepEqual(Object.keys(bids[0]), ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra']);
  for (const b of bids) {
    assert.ok(Number.isInteger(b.price) && b.price >= 100);
    assert.match(b.url, /^https:\/\/www\.nexmark\.com\/.+\/item\.htm\?query=1/);
  }
  assert.ok(new Set(bids.map((b) => b.channel)).size > 100, 'hot and cold channels');
});

test('event time advances at eventsPerSecond from firstEventTime and is the batch time', async () => {
  const { values, times } = await readSplit(nexmarkSource({ maxEvents: 3000, eventsPerSecond: 1000, firstEventTime: FIRST }));
  assert.deepEqual(times, values.map(nexmarkEventTime));
  assert.deepEqual(times, Array.from({ length: 3000 }, (_, n) => FIRST + n));
});

test('the same seed gives the same events and another seed other events', async () => {
  const a = await readSplit(nexmarkSource({ maxEvents: 300, seed: 1 }));
  const b = await readSplit(nexmarkSource({ maxEvents: 300, seed: 1 }));
  const c = await readSplit(nexmarkSource({ maxEvents: 300, seed: 2 }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(c.values, a.values);
});

test('splits together produce exactly the events of a single split', async () => {
  const single = await readSplit(nexmarkSource({ maxEvents: 1000 }));
  const source = nexmarkSource({ maxEvents: 1000, splits: 3 });
  const parts = await Promise.all([0, 1, 2].map((i) => readSplit(source, i)));
  assert.deepEqual(parts.map((p) => p.values.length), [334, 333, 333]);
  const merged: NexmarkEvent[] = [];
  for (let n = 0; n < 1000; n++) merged.push(parts[n % 3].values[Math.floor(n / 3)]);
  assert.deepEqual(merged, single.values);
});

test('a reader restored from a position continues the exact sequence', async () => {
  const source = nexmarkSource({ splits: 2, seed: 5 });
  const uninterrupted = await readSplit(source, 1, 900);
  const restored = await readAcrossRestore(source, 401, 499, 1);
  assert.deepEqual(restored, uninterrupted);
});

test('without maxEvents the source is unbounded', async () => {
  const source = nexmarkSource();
  assert.equal(source.bounded, false);
  const { values, ended } = await readSplit(source, 0, 10_000);
  assert.equal(values.length, 10_000);
  assert.equal(ended, false);
});

test('with a speed-up, events are released as event time passes', async () => {
  let now = 0;
  const source = nexmarkSource({ eventsPerSecond: 1000, speedup: 1 });
  const reader = source.createReader({ id: 'nexmark-0' }, undefined, contextAt(() => now));
  now += 10;
  const batch = await reader.poll(1000);
  assert.ok(batch !== END);
  assert.equal(batch.values.length, 11, 'events 0..10 are due after 10 ms at 1000 events/s');
  const idle = await reader.poll(1000);
  assert.ok(idle !== END && idle.values.length === 0);
});

test('invalid options fail with a ConfigError naming the option', () => {
  const cases: [unknown, string][] = [
    [{ eventsPerSecond: 0 }, 'eventsPerSecond'],
    [{ maxEvents: 1.5 }, 'maxEvents'],
    [{ splits: -1 }, 'splits'],
    [{ firstEventTime: Number.NaN }, 'firstEventTime'],
    [{ rate: 5 }, 'rate'],
  ];
  for (const [options, option] of cases) {
    assert.throws(() => nexmarkSource(options as never), (error: unknown) => error instanceof ConfigError && error.option === option);
  }
});
