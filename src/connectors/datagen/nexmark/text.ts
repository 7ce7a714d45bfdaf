/**
 * The text fields of Nexmark events: names, e-mail addresses, card numbers, item names, bid
 * channels and URLs, and the `extra` padding that brings each event to the benchmark's average size.
 */
import { Random } from '../random.ts';

const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const HOT_CHANNEL_RATIO = 2;
const CHANNELS = 10_000;
const MIN_STRING_LENGTH = 3;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// Cold channels' URLs depend only on the channel number, so a channel always has the same URL.
const URL_SEED = 0x6e65786d;
const urlRandom = new Random(URL_SEED);
const HOT_URLS = HOT_CHANNELS.map((_, i) => {
  urlRandom.reseed(URL_SEED, CHANNELS + i);
  return baseUrl(urlRandom);
});
const coldUrls: string[] = new Array<string>(CHANNELS);
const coldChannels: string[] = new Array<string>(CHANNELS);
const LETTER_POOL = (() => {
  const random = new Random(URL_SEED, 2 * CHANNELS);
  const codes = new Uint8Array(1 << 16);
  for (let i = 0; i < codes.length; i++) codes[i] = 97 + random.nextInt(26);
  return new TextDecoder('latin1').decode(codes);
})();

/**
 * Lower-case words of 3..maxLength characters; roughly one character in 13 is `separator`.
 *
 * @example
 * nextString(random, 20) // 'kqv ebz'
 */
export function nextString(random: Random, maxLength: number, separator = ' '): string {
  const length = MIN_STRING_LENGTH + random.nextInt(Math.max(maxLength - MIN_STRING_LENGTH, 1));
  let text = '';
  for (let i = 0; i < length; i++) {
    text += random.nextInt(13) === 0 ? separator : LETTERS[random.nextInt(26)];
  }
  return text.trim();
}

/**
 * `length` random lower-case letters: a slice of a fixed pool of random letters at a random offset.
 * Padding is the bulk of Nexmark's text; slicing costs one draw instead of one per character.
 *
 * @example
 * letters(random, 8) // 'qwhzkeao'
 */
export function letters(random: Random, length: number): string {
  if (length <= LETTER_POOL.length) {
    const offset = random.nextInt(LETTER_POOL.length - length + 1);
    return LETTER_POOL.slice(offset, offset + length);
  }
  let text = '';
  while (text.length < length) text += letters(random, Math.min(LETTER_POOL.length, length - text.length));
  return text;
}

/**
 * Padding so that an event of `currentSize` bytes averages `averageSize` (±20%); '' when already bigger.
 *
 * @example
 * nextExtra(random, 60, 100).length // between 32 and 48
 */
export function nextExtra(random: Random, currentSize: number, averageSize: number): string {
  if (currentSize > averageSize) return '';
  const desired = averageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  return letters(random, desired - delta + random.nextInt(2 * delta + 1));
}

/**
 * A person's full name.
 *
 * @example
 * personName(random) // 'Kate Walton'
 */
export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

/**
 * An e-mail address.
 *
 * @example
 * emailAddress(random) // 'dhqz@kwm.com'
 */
export function emailAddress(random: Random): string {
  return `${nextString(random, 7)}@${nextString(random, 5)}.com`;
}

/**
 * Sixteen digits in four groups.
 *
 * @example
 * creditCard(random) // '0412 9931 0077 5120'
 */
export function creditCard(random: Random): string {
  let text = '';
  for (let i = 0; i < 4; i++) {
    if (i > 0) text += ' ';
    text += String(random.nextInt(10_000)).padStart(4, '0');
  }
  return text;
}

/**
 * A US city.
 *
 * @example
 * city(random) // 'Boise'
 */
export function city(random: Random): string {
  return random.pick(US_CITIES);
}

/**
 * A US state code.
 *
 * @example
 * state(random) // 'OR'
 */
export function state(random: Random): string {
  return random.pick(US_STATES);
}

/**
 * A price in cents, log-uniform from 1.00 to 1 000 000.00.
 *
 * @example
 * nextPrice(random) // 73412
 */
export function nextPrice(random: Random): number {
  return Math.round(10 ** (random.nextDouble() * 6) * 100);
}

/**
 * The channel a bid came through and its URL: half the time one of four hot channels, otherwise one
 * of 10 000 others (each with its own stable URL, cached). Sets `target.channel` and `target.url`.
 *
 * @example
 * const out = { channel: '', url: '' }; bidChannel(random, out); // out.channel === 'Google' or 'channel-1234'…
 */
export function bidChannel(random: Random, target: { channel: string; url: string }): void {
  if (random.nextInt(HOT_CHANNEL_RATIO) > 0) {
    const i = random.nextInt(HOT_CHANNELS.length);
    target.channel = HOT_CHANNELS[i];
    target.url = HOT_URLS[i];
    return;
  }
  const channel = random.nextInt(CHANNELS);
  let url = coldUrls[channel];
  if (url === undefined) {
    urlRandom.reseed(URL_SEED, channel);
    url = coldUrls[channel] = `${baseUrl(urlRandom)}&channel_id=${channel}`;
    coldChannels[channel] = `channel-${channel}`;
  }
  target.channel = coldChannels[channel];
  target.url = url;
}

function baseUrl(random: Random): string {
  return `https://www.nexmark.com/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/item.htm?query=1`;
}
