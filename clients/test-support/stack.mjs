// The stack most client-kit tests run against: a recording fake Kochava, the real gateway in front of it, and a
// recording tap in front of the gateway (the kit talks to the tap, so a test can assert what the kit sent).
import { after, before } from 'node:test';
import { startFakeKochava } from './fake-kochava.mjs';
import { startGateway } from './gateway.mjs';
import { startTap } from './tap.mjs';

/**
 * Registers, in the enclosing `describe`, the start of the stack before its tests and its stop after them.
 * `bind` receives `{fake, gateway, tap}` once they are up: `useGatewayStack((s) => ({ fake, gateway, tap } = s))`.
 */
export function useGatewayStack(bind) {
  const stack = {};
  before(async () => {
    stack.fake = await startFakeKochava();
    stack.gateway = await startGateway({ upstreamUrl: stack.fake.url });
    stack.tap = await startTap(stack.gateway.url);
    bind(stack);
  });
  after(async () => {
    await stack.tap?.close();
    await stack.gateway?.stop();
    await stack.fake?.close();
  });
}
