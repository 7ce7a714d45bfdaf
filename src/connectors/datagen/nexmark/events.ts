/**
 * Builds Nexmark event number n. Each event is a pure function of (seed, n): its random draws come
 * from a generator reseeded for that event (as the reference generator seeds one per event id), so
 * splits can deal event numbers round-robin and a restored reader needs only its event count.
 */
import { Random } from '../random.ts';
import {
  AUCTION_PROPORTION, bidAuctionId, bidderId, eventTypeOf, FIRST_AUCTION_ID, FIRST_CATEGORY_ID, FIRST_PERSON_ID,
  lastBase0AuctionId, lastBase0PersonId, NUM_CATEGORIES, NUM_IN_FLIGHT_AUCTIONS, PROPORTION_DENOMINATOR, sellerId,
} from './ids.ts';
import { AUCTION_EVENT, BID_EVENT, PERSON_EVENT, type Auction, type Bid, type NexmarkEvent, type Person } from './model.ts';
import { bidChannel, city, creditCard, emailAddress, nextExtra, nextPrice, nextString, personName, state } from './text.ts';

// The benchmark's average event sizes in bytes; `extra` pads each event towards them.
const AVG_PERSON_BYTES = 200;
const AVG_AUCTION_BYTES = 500;
const AVG_BID_BYTES = 100;
// The size counted for a bid before padding: its four numbers (the reference leaves channel and url out).
const BID_FIXED_BYTES = 8 + 8 + 8 + 8;
// Auctions stay open for about as long as it takes to create NUM_IN_FLIGHT_AUCTIONS more of them.
const EVENTS_PER_AUCTION_HORIZON = Math.floor((NUM_IN_FLIGHT_AUCTIONS * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION);

/** What fixes the sequence: the seed and the event-time clock. */
export interface NexmarkClock {
  readonly seed: number;
  /** Event time of event 0, epoch ms. */
  readonly firstEventTime: number;
  /** Events per second of event time (over all splits). */
  readonly eventsPerSecond: number;
}

/**
 * Makes events by number; reuses one random generator, so it allocates only the event itself.
 *
 * @example
 * const events = new NexmarkEvents({ seed: 0, firstEventTime: Date.UTC(2024, 0, 1), eventsPerSecond: 10_000 });
 * events.event(0).person!.id // 1000
 */
export class NexmarkEvents {
  private readonly clock: NexmarkClock;
  private readonly random = new Random();
  private readonly channel = { channel: '', url: '' };

  constructor(clock: NexmarkClock) {
    this.clock = clock;
  }

  /** The event time of event number `n`. */
  timeOf(n: number): number {
    return this.clock.firstEventTime + Math.floor((n * 1000) / this.clock.eventsPerSecond);
  }

  /** Event number `n` (0-based). */
  event(n: number): NexmarkEvent {
    this.random.reseed(this.clock.seed, n);
    switch (eventTypeOf(n)) {
      case PERSON_EVENT:
        return { event_type: PERSON_EVENT, person: this.person(n), auction: null, bid: null };
      case AUCTION_EVENT:
        return { event_type: AUCTION_EVENT, person: null, auction: this.auction(n), bid: null };
      case BID_EVENT:
        return { event_type: BID_EVENT, person: null, auction: null, bid: this.bid(n) };
    }
  }

  private person(n: number): Person {
    const random = this.random;
    const name = personName(random);
    const emailAddress_ = emailAddress(random);
    const creditCard_ = creditCard(random);
    const city_ = city(random);
    const state_ = state(random);
    const size = 8 + name.length + emailAddress_.length + creditCard_.length + city_.length + state_.length + 8 + 1;
    return {
      id: FIRST_PERSON_ID + lastBase0PersonId(n),
      name,
      emailAddress: emailAddress_,
      creditCard: creditCard_,
      city: city_,
      state: state_,
      dateTime: this.timeOf(n),
      extra: nextExtra(random, size, AVG_PERSON_BYTES),
    };
  }

  private auction(n: number): Auction {
    const random = this.random;
    const dateTime = this.timeOf(n);
    const seller = sellerId(n, random);
    const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
    const initialBid = nextPrice(random);
    const horizon = this.timeOf(n + EVENTS_PER_AUCTION_HORIZON) - dateTime;
    const expires = dateTime + 1 + random.nextInt(Math.max(horizon * 2, 1));
    const itemName = nextString(random, 20);
    const description = nextString(random, 100);
    const reserve = initialBid + nextPrice(random);
    const size = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
    return {
      id: FIRST_AUCTION_ID + lastBase0AuctionId(n),
      itemName,
      description,
      initialBid,
      reserve,
      dateTime,
      expires,
      seller,
      category,
      extra: nextExtra(random, size, AVG_AUCTION_BYTES),
    };
  }

  private bid(n: number): Bid {
    const random = this.random;
    const auction = bidAuctionId(n, random);
    const bidder = bidderId(n, random);
    const price = nextPrice(random);
    bidChannel(random, this.channel);
    const { channel, url } = this.channel;
    return {
      auction,
      bidder,
      price,
      channel,
      url,
      dateTime: this.timeOf(n),
      extra: nextExtra(random, BID_FIXED_BYTES, AVG_BID_BYTES),
    };
  }
}
