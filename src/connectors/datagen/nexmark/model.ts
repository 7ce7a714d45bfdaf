/**
 * The Nexmark benchmark's records (an online auction: people, auctions, bids), in the shape of
 * Flink's Nexmark source: one event type with a tag and three nullable parts. Times are epoch ms.
 */

/**
 * A new user of the auction site.
 *
 * @example
 * const person: Person = { id: 1000, name: 'Peter Jones', emailAddress: 'abc@xyz.com', creditCard: '1234 5678 9012 3456',
 *   city: 'Boise', state: 'ID', dateTime: 1704067200000, extra: '' };
 */
export type Person = {
  id: number;
  name: string;
  emailAddress: string;
  creditCard: string;
  city: string;
  state: string;
  dateTime: number;
  extra: string;
};

/**
 * A new item for sale; `seller` is a person id, `expires` when bidding closes (epoch ms).
 *
 * @example
 * const auction: Auction = { id: 1000, itemName: 'lamp', description: 'old', initialBid: 120, reserve: 300,
 *   dateTime: 1704067200000, expires: 1704067260000, seller: 1000, category: 10, extra: '' };
 */
export type Auction = {
  id: number;
  itemName: string;
  description: string;
  initialBid: number;
  reserve: number;
  dateTime: number;
  expires: number;
  seller: number;
  category: number;
  extra: string;
};

/**
 * A bid on an auction by a person; `price` is in cents.
 *
 * @example
 * const bid: Bid = { auction: 1000, bidder: 1001, price: 2500, channel: 'Google', url: 'https://www.nexmark.com/a/b/c/item.htm?query=1',
 *   dateTime: 1704067200000, extra: '' };
 */
export type Bid = {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
};

/** `event_type` of a new person (the tags are Flink's Nexmark source's). */
export const PERSON_EVENT = 0;
/** `event_type` of a new auction. */
export const AUCTION_EVENT = 1;
/** `event_type` of a bid. */
export const BID_EVENT = 2;

/** `event_type` values. */
export type NexmarkEventType = typeof PERSON_EVENT | typeof AUCTION_EVENT | typeof BID_EVENT;

/**
 * One Nexmark event. Exactly the part named by `event_type` is set; the other two are null
 * (always present, so every event has the same shape and SQL sees NULLs).
 *
 * @example
 * let total = 0;
 * if (event.event_type === BID_EVENT) total += event.bid!.price;
 */
export type NexmarkEvent = {
  event_type: NexmarkEventType;
  person: Person | null;
  auction: Auction | null;
  bid: Bid | null;
};

/** A {@link NexmarkEvent} known to be a new person. */
export type PersonEvent = NexmarkEvent & { event_type: typeof PERSON_EVENT; person: Person; auction: null; bid: null };
/** A {@link NexmarkEvent} known to be a new auction. */
export type AuctionEvent = NexmarkEvent & { event_type: typeof AUCTION_EVENT; person: null; auction: Auction; bid: null };
/** A {@link NexmarkEvent} known to be a bid. */
export type BidEvent = NexmarkEvent & { event_type: typeof BID_EVENT; person: null; auction: null; bid: Bid };

/**
 * True for a new-person event (and narrows it).
 *
 * @example
 * const people = events.filter(isPersonEvent).map((e) => e.person.name);
 */
export function isPersonEvent(event: NexmarkEvent): event is PersonEvent {
  return event.event_type === PERSON_EVENT;
}

/**
 * True for a new-auction event (and narrows it).
 *
 * @example
 * const sellers = events.filter(isAuctionEvent).map((e) => e.auction.seller);
 */
export function isAuctionEvent(event: NexmarkEvent): event is AuctionEvent {
  return event.event_type === AUCTION_EVENT;
}

/**
 * True for a bid event (and narrows it).
 *
 * @example
 * const prices = events.filter(isBidEvent).map((e) => e.bid.price);
 */
export function isBidEvent(event: NexmarkEvent): event is BidEvent {
  return event.event_type === BID_EVENT;
}

/**
 * The event time of any Nexmark event (its part's `dateTime`).
 *
 * @example
 * nexmarkEventTime(event) // 1704067200000
 */
export function nexmarkEventTime(event: NexmarkEvent): number {
  return (event.person ?? event.auction ?? event.bid)!.dateTime;
}
