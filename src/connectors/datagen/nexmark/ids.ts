/**
 * Nexmark's event mix and id arithmetic, as the reference generator defines them. Event number n
 * fixes the event's kind (per 50 events: 1 person, 3 auctions, 46 bids) and the ids it may use:
 * a new person or auction takes the next id; a bid or auction refers to a recent person/auction,
 * often a "hot" one, sometimes one a little in the future (the id "lead").
 */
import type { Random } from '../random.ts';
import { AUCTION_EVENT, BID_EVENT, PERSON_EVENT, type NexmarkEventType } from './model.ts';

/** Per {@link PROPORTION_DENOMINATOR} events: this many persons, auctions and bids. */
export const PERSON_PROPORTION = 1;
/** Auctions per {@link PROPORTION_DENOMINATOR} events (Nexmark's 1 : 3 : 46 mix). */
export const AUCTION_PROPORTION = 3;
/** Bids per {@link PROPORTION_DENOMINATOR} events. */
export const BID_PROPORTION = 46;
/** Events in one round of the person / auction / bid mix (50). */
export const PROPORTION_DENOMINATOR = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

/** Ids start here, so they are never confused with small counters. */
export const FIRST_PERSON_ID = 1000;
/** The first auction's id. */
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;

// How far back references reach, and how far ahead of the last created id they may point.
const NUM_ACTIVE_PEOPLE = 1000;
const PERSON_ID_LEAD = 10;
/** Auctions open at once: bids and expiry times are spread over this many recent auctions. */
export const NUM_IN_FLIGHT_AUCTIONS = 100;
const AUCTION_ID_LEAD = 10;
// 1 in HOT_x_RATIO references picks uniformly among recent ids; the rest go to a "hot" one.
const HOT_AUCTION_RATIO = 2;
const HOT_BIDDER_RATIO = 4;
const HOT_SELLER_RATIO = 4;

/**
 * The kind of event number `n` (0-based).
 *
 * @example
 * eventTypeOf(0) // PERSON_EVENT; eventTypeOf(1) // AUCTION_EVENT; eventTypeOf(4) // BID_EVENT
 */
export function eventTypeOf(n: number): NexmarkEventType {
  const rem = n % PROPORTION_DENOMINATOR;
  if (rem < PERSON_PROPORTION) return PERSON_EVENT;
  if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) return AUCTION_EVENT;
  return BID_EVENT;
}

/**
 * The 0-based id of the last person created at or before event `n`.
 *
 * @example
 * lastBase0PersonId(120) // 2 (persons at events 0, 50, 100)
 */
export function lastBase0PersonId(n: number): number {
  const epoch = Math.floor(n / PROPORTION_DENOMINATOR);
  const offset = Math.min(n % PROPORTION_DENOMINATOR, PERSON_PROPORTION - 1);
  return epoch * PERSON_PROPORTION + offset;
}

/**
 * The 0-based id of the last auction created at or before event `n` (-1 before the first).
 *
 * @example
 * lastBase0AuctionId(4) // 2 (auctions at events 1, 2, 3)
 */
export function lastBase0AuctionId(n: number): number {
  let epoch = Math.floor(n / PROPORTION_DENOMINATOR);
  let offset = n % PROPORTION_DENOMINATOR;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1;
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

/**
 * A recently active person's 0-based id (possibly one about to be created).
 *
 * @example
 * nextBase0PersonId(5000, random) // somewhere in 0..110
 */
export function nextBase0PersonId(n: number, random: Random): number {
  const numPeople = lastBase0PersonId(n) + 1;
  const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
  return numPeople - active + random.nextInt(active + PERSON_ID_LEAD);
}

/**
 * A recent auction's 0-based id (possibly one about to be created).
 *
 * @example
 * nextBase0AuctionId(5000, random) // somewhere in 199..309
 */
export function nextBase0AuctionId(n: number, random: Random): number {
  const max = lastBase0AuctionId(n);
  const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
  return min + random.nextInt(max - min + 1 + AUCTION_ID_LEAD);
}

/**
 * The auction a bid at event `n` is for: half the time a hot one.
 *
 * @example
 * bidAuctionId(5004, random) // 1302 (hot) or a recent auction id
 */
export function bidAuctionId(n: number, random: Random): number {
  const base0 = random.nextInt(HOT_AUCTION_RATIO) > 0
    ? Math.floor(lastBase0AuctionId(n) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
    : nextBase0AuctionId(n, random);
  return FIRST_AUCTION_ID + base0;
}

/**
 * The bidder of a bid at event `n`: three times in four a hot one.
 *
 * @example
 * bidderId(5004, random) // 1101 (hot) or a recently active person's id
 */
export function bidderId(n: number, random: Random): number {
  const base0 = random.nextInt(HOT_BIDDER_RATIO) > 0
    ? Math.floor(lastBase0PersonId(n) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
    : nextBase0PersonId(n, random);
  return FIRST_PERSON_ID + base0;
}

/**
 * The seller of an auction at event `n`: three times in four a hot one.
 *
 * @example
 * sellerId(5001, random) // 1100 (hot) or a recently active person's id
 */
export function sellerId(n: number, random: Random): number {
  const base0 = random.nextInt(HOT_SELLER_RATIO) > 0
    ? Math.floor(lastBase0PersonId(n) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
    : nextBase0PersonId(n, random);
  return FIRST_PERSON_ID + base0;
}
