// A job module as `npx sluice run large-orders.ts` takes it: the default export is the Dataflow. Orders
// of 100 or more go to the console as JSON lines; the input is orders.json, which the test writes.
import { readFileSync } from 'node:fs';
import { Dataflow, consoleSink, memorySource } from 'sluice';

interface Order {
  readonly id: string;
  readonly amount: number;
}

const orders = JSON.parse(readFileSync(new URL('./orders.json', import.meta.url), 'utf8')) as Order[];

const flow = new Dataflow('large-orders');
flow
  .input('orders', memorySource(orders))
  .filter((order) => order.amount >= 100)
  .map((order) => ({ id: order.id, doubled: order.amount * 2 }))
  .output('print', consoleSink({ format: 'json' }));

export default flow;
