/**
 * `lightning/messageService`: an in-page bus, so components on one page stay in step as they do on a
 * Lightning page: `publish` delivers the message to every subscriber of the channel, `unsubscribe` stops
 * that. Every publish is recorded as `publish <channel>` in the page log for tools/browser-check/run.ts; a
 * Jest test spies on `publish`/`subscribe`/`unsubscribe` (`jest.spyOn`), or publishes to the component.
 */
import { pageLog } from '../backend/scenario';

type Listener = (message: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

const nameOf = (channel: unknown): string => String((channel as { channel?: unknown } | null)?.channel ?? channel);

/** `@wire(MessageContext)`: a wire adapter that provides the page's one context. */
export class MessageContext {
  constructor(private readonly callback: (value: unknown) => void) {}

  connect(): void {
    this.callback({ messageContext: 'platform-stubs' });
  }

  disconnect(): void {}

  update(): void {}
}

export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');

export function publish(context: unknown, channel: unknown, message?: unknown): void {
  void context;
  pageLog().events.push(`publish ${nameOf(channel)}`);
  for (const listener of listeners.get(nameOf(channel)) ?? []) {
    listener(message);
  }
}

export function subscribe(
  context: unknown,
  channel: unknown,
  listener: Listener,
): { channel: string; listener: Listener } {
  void context;
  const name = nameOf(channel);
  if (!listeners.has(name)) {
    listeners.set(name, new Set());
  }
  listeners.get(name)?.add(listener);
  return { channel: name, listener };
}

export function unsubscribe(subscription: { channel: string; listener: Listener } | null | undefined): void {
  if (subscription) {
    listeners.get(subscription.channel)?.delete(subscription.listener);
  }
}
