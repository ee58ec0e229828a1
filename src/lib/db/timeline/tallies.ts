import type { Party } from '../../association/party-tally';
import { CHANNELS, type Channel } from '../../model/channels';

/** What the timeline's filters and month jump offer: only channels and months that hold events. */
export interface TimelineTallies {
  /** Channels with at least one event, in registry order. */
  channels: { channel: Channel; count: number }[];
  /** UTC months ('2026-10') with at least one event, newest first. */
  months: { month: string; count: number }[];
}

export function timelineTallies(parties: Iterable<Party>): TimelineTallies {
  const channels = new Map<Channel, number>();
  const months = new Map<string, number>();
  for (const p of parties) {
    const n = p.counts.call + p.counts.message;
    if (n) channels.set(p.channel, (channels.get(p.channel) ?? 0) + n);
    for (const [month, [calls, messages]] of Object.entries(p.months ?? {})) {
      if (calls + messages) months.set(month, (months.get(month) ?? 0) + calls + messages);
    }
  }
  return {
    channels: CHANNELS.filter((c) => channels.has(c)).map((channel) => ({ channel, count: channels.get(channel)! })),
    months: [...months].sort((a, b) => b[0].localeCompare(a[0])).map(([month, count]) => ({ month, count }))
  };
}
