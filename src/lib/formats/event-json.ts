import type { CommEvent } from '../model/event';
import { e164 } from '../model/phone-number';

/** The CLI's NDJSON shape of an event: flat, with the number in E.164 (null when unknown or not a valid number). */
export function eventToJson(e: CommEvent, region: string) {
  const isCall = e.kind === 'call';
  return {
    id: e.id,
    channel: e.channel,
    kind: e.kind,
    direction: e.direction,
    status: isCall ? e.status : null,
    handle: e.handle,
    number: e164(e.phone ?? (e.channel === 'phone' ? e.handle : null), region),
    name: e.name,
    conversation: e.conversation,
    thread: e.thread,
    start: new Date(e.start).toISOString(),
    durationSec: isCall ? e.durationSec : null,
    video: isCall ? e.video : null,
    body: isCall ? null : e.body,
    attachments: isCall ? [] : e.attachments,
    transport: isCall ? null : e.transport,
    source: e.source
  };
}
