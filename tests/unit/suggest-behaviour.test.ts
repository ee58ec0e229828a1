import { describe, expect, it } from 'vitest';
import { PartyTally } from '../../src/lib/association/party-tally';
import type { CommEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';
import { Activities, behaviourEvidence, CallIndex, sharedDays } from '../../src/lib/suggest/behaviour';

let n = 0;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const at = (day: number, minute: number) => BASE + day * DAY + minute * 60_000;
const ev = (over: Partial<CommEvent>): CommEvent =>
  ({ id: `b${n++}`, kind: 'message', direction: 'in', name: null, phone: null, conversation: null, body: 'x', attachments: [], transport: null, source: { format: 'crosstalk-csv', file: 'f', record: 'r' }, ...over }) as CommEvent;
const P = '+8613800138000';
const call = (day: number, minute: number) => ev({ channel: 'phone', kind: 'call', handle: P, phone: P, start: at(day, minute), status: 'answered', durationSec: 60, video: false } as Partial<CommEvent>);
const sms = (day: number, minute: number) => ev({ channel: 'phone', handle: P, phone: P, transport: 'sms', start: at(day, minute) });
const chat = (handle: string, day: number, minute: number) => ev({ channel: 'line', handle, name: handle, start: at(day, minute) });

function activities(events: CommEvent[]) {
  const tally = new PartyTally();
  const keys = new Map<string, string>();
  for (const e of events) {
    const key = partyKey(e);
    tally.add(e, key);
    keys.set(e.handle!, key);
  }
  return { all: new Activities(tally.parties), key: (handle: string) => keys.get(handle)! };
}

describe('activity', () => {
  // The person: calls on days 0 and 40 (a month past the first bitset word), texts on days 1 and 2; a LINE
  // identity bound to them talks on day 3. The unbound identity opens two conversations minutes after calls.
  const { all, key } = activities([
    call(0, 600), call(40, 600), sms(1, 600), sms(2, 600), chat('Ann', 3, 700),
    chat('Mystery', 0, 605), chat('Mystery', 0, 610), chat('Mystery', 40, 608), chat('Mystery', 41, 900)
  ]);
  const person = all.of({ parties: [key(P), key('Ann')] });
  const mystery = all.of({ parties: [key('Mystery')] });

  it("joins a person's parties: days on one scale, calls, and the messages that open a conversation", () => {
    expect(all.activeDays).toBe(6);
    expect(person.dayCount).toBe(6 - 1);
    expect(person.calls).toEqual([0, 40].map((d) => at(d, 600) / 60_000));
    expect(person.openers).toEqual([at(1, 600), at(2, 600), at(3, 700)].map((t) => t / 60_000));
    // The message 5 minutes after the first one continues that conversation.
    expect(mystery.openers).toEqual([at(0, 605), at(40, 608), at(41, 900)].map((t) => t / 60_000));
    expect(sharedDays(person, mystery)).toBe(2);
  });

  it('finds callers before two openers and says what the behaviour shows', () => {
    const index = new CallIndex(new Map([['p', person]]));
    expect(index.callersBefore(mystery)).toEqual(['p']);
    expect(behaviourEvidence(mystery, person)).toEqual([{ evidence: { kind: 'call-then-message', times: 2 }, weight: 1 - 0.75 ** 2 }]);
  });
});
