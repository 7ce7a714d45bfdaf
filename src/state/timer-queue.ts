import { keySlot } from './key-slot.ts';

/**
 * The timers of one time domain: a binary min-heap of distinct times, and per time the keys due then
 * (a Map by key slot, so registering the same key and time twice keeps one timer, and a delete is one
 * Map delete). A time whose timers were all deleted stays in the heap until it reaches the top and is
 * skipped (lazy deletion); the heap is rebuilt when such leftovers outnumber the live times.
 *
 * @example
 * const queue = new TimerQueue();
 * queue.add('AAPL', 2000);
 * queue.add('MSFT', 1000);
 * queue.fireUpTo(1500, (key, time) => console.log(key, time)); // MSFT 1000
 */
export class TimerQueue {
  /** Times in heap order; may hold times that no longer have a bucket, or the same time twice. */
  #heap: number[] = [];
  readonly #buckets = new Map<number, Map<unknown, unknown>>();
  #count = 0;

  get size(): number {
    return this.#count;
  }

  add(key: unknown, time: number): void {
    let bucket = this.#buckets.get(time);
    if (bucket === undefined) {
      bucket = new Map();
      this.#buckets.set(time, bucket);
      this.#push(time);
    }
    const slot = keySlot(key);
    if (bucket.has(slot)) return;
    bucket.set(slot, key);
    this.#count++;
  }

  delete(key: unknown, time: number): void {
    const bucket = this.#buckets.get(time);
    if (bucket === undefined || !bucket.delete(keySlot(key))) return;
    this.#count--;
    if (bucket.size === 0) {
      this.#buckets.delete(time);
      if (this.#heap.length > 2 * this.#buckets.size + 32) this.#rebuild();
    }
  }

  /**
   * Fires every timer with time <= `upTo`, earliest time first and, within a time, in registration
   * order. Timers registered or deleted by `fire` take effect at once: a newly due one fires in this
   * same call.
   */
  fireUpTo(upTo: number, fire: (key: unknown, time: number) => void): void {
    while (this.#heap.length > 0 && this.#heap[0] <= upTo) {
      const time = this.#pop();
      const bucket = this.#buckets.get(time);
      if (bucket === undefined) continue;
      // A Map iterator visits entries added during the loop and skips ones deleted before their turn,
      // which is exactly "registrations and deletions made while firing take effect".
      for (const [slot, key] of bucket) {
        bucket.delete(slot);
        this.#count--;
        fire(key, time);
      }
      // `fire` may have emptied and dropped this bucket and a later registration made a new one.
      if (this.#buckets.get(time) === bucket) this.#buckets.delete(time);
    }
  }

  /** Earliest pending time, or Infinity. */
  peek(): number {
    while (this.#heap.length > 0 && !this.#buckets.has(this.#heap[0])) this.#pop();
    return this.#heap.length > 0 ? this.#heap[0] : Number.POSITIVE_INFINITY;
  }

  /** Pending timers as `[time, key]`, earliest first. */
  list(): [number, unknown][] {
    const times = [...this.#buckets.keys()].sort((a, b) => a - b);
    const rows: [number, unknown][] = [];
    for (const time of times) for (const key of this.#buckets.get(time)!.values()) rows.push([time, key]);
    return rows;
  }

  clear(): void {
    this.#heap = [];
    this.#buckets.clear();
    this.#count = 0;
  }

  #rebuild(): void {
    this.#heap = [...this.#buckets.keys()].sort((a, b) => a - b); // a sorted array is a valid heap
  }

  #push(time: number): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(time);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= time) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = time;
  }

  #pop(): number {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right] < heap[left] ? right : left;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
