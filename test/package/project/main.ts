// A user's own program run with `node main.ts` (README, "Using Sluice in your own project"): it imports
// the job module of large-orders.ts and runs it with `run`, then reports how many orders it read.
import { run } from 'sluice';
import flow from './large-orders.ts';

const result = await run(flow);
console.error(`${result.status.recordsIn} orders read`);
