// The generator connectors: schema-driven rows (`datagen`), stock trades with event-time disorder,
// and the Nexmark benchmark events. All are seeded, split into shards and resumable from a position.
export { datagenSource, type DatagenOptions, type DatagenPosition } from './datagen-source.ts';
export type {
  BooleanField, DatagenRow, DatagenSchema, FieldSpec, FieldValue, OneOfField, RandomDoubleField, RandomIntField,
  RandomStringField, SequenceField, TimestampField,
} from './field-specs.ts';
export {
  DEFAULT_SYMBOLS, LATE_SHIFT_MS, stockTradeSource, type StockTrade, type StockTradeOptions, type StockTradePosition,
} from './stock-trade-source.ts';
export { nexmarkSource, type NexmarkOptions, type NexmarkPosition } from './nexmark/nexmark-source.ts';
export {
  AUCTION_EVENT, BID_EVENT, PERSON_EVENT, isAuctionEvent, isBidEvent, isPersonEvent, nexmarkEventTime,
  type Auction, type AuctionEvent, type Bid, type BidEvent, type NexmarkEvent, type NexmarkEventType, type Person,
  type PersonEvent,
} from './nexmark/model.ts';
export {
  AUCTION_PROPORTION, BID_PROPORTION, FIRST_AUCTION_ID, FIRST_PERSON_ID, PERSON_PROPORTION, PROPORTION_DENOMINATOR,
} from './nexmark/ids.ts';
export { Random, type RandomState } from './random.ts';
export { MAX_POLL_WAIT_MS } from './generator-reader.ts';
