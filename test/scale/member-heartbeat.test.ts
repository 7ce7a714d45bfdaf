import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkError, ProtocolError } from '@platformatic/kafka';
import { MemberHeartbeat } from '../../src/connectors/kafka/group/member-heartbeat.ts';

/** A heartbeat sender answering from a script of outcomes (then succeeding), counting its calls. */
function scripted(outcomes: (Error | undefined)[]): { send: () => Promise<void>; calls: () => number } {
  let calls = 0;
  return {
    send: () => {
      const outcome = outcomes[calls++];
      return outcome === undefined ? Promise.resolve() : Promise.reject(outcome);
    },
    calls: () => calls,
  };
}

test('heartbeats go on through passing errors and end the wait when the group rebalances', async () => {
  const heartbeat = new MemberHeartbeat(1);
  const sender = scripted([undefined, new NetworkError('connection closed'), undefined, new ProtocolError('REBALANCE_IN_PROGRESS')]);
  heartbeat.start(sender.send);
  const outcome = await heartbeat.next();
  assert.equal(outcome.error, undefined, 'a rebalance, not an error');
  assert.equal(sender.calls(), 4, 'the network error did not stop the heartbeats');
});

test('a dropped member ends the wait with the error; a stopped heartbeat sends nothing more', async () => {
  const heartbeat = new MemberHeartbeat(1);
  const sender = scripted([new ProtocolError('UNKNOWN_MEMBER_ID')]);
  heartbeat.start(sender.send);
  const outcome = await heartbeat.next();
  assert.equal((outcome.error as { apiId?: string }).apiId, 'UNKNOWN_MEMBER_ID');
  assert.equal(sender.calls(), 1);
  heartbeat.signal({}); // a signal nobody waits for yet is kept for the next wait…
  assert.deepEqual(await heartbeat.next(), {});
  heartbeat.start(sender.send);
  heartbeat.start(sender.send); // …and a restart forgets it and never runs two chains
  heartbeat.signal({});
  assert.deepEqual(await heartbeat.next(), {});
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sender.calls(), 1, 'no heartbeat after the restarts were stopped');
});
