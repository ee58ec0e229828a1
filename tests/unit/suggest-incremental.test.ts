import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { labelledSet } from '../../bench/suggest/labelled-set';
import { associate } from '../../src/lib/association/associate';
import { makeEdit, type BindingEdit } from '../../src/lib/association/binding';
import { PartyTally } from '../../src/lib/association/party-tally';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import type { Contact } from '../../src/lib/model/contact';
import type { CommEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';
import { suggest, SuggestionEngine, type SuggestInput } from '../../src/lib/suggest/engine';
import { runSliced, runSteps } from '../../src/lib/util/steps';

/** What the engine reads after importing these events and contacts (the association computed afresh). */
function input(events: CommEvent[], contacts: Contact[], edits: BindingEdit[] = [], ownerNames: string[] = []): SuggestInput {
  const tally = new PartyTally();
  for (const e of events) tally.add(e, partyKey(e));
  const { people } = associate({ parties: tally.parties.values(), contacts, owners: [], edits, settings: { region: 'CN', me: [] } });
  return { people, parties: tally.parties, contacts, edits, region: 'CN', ownerNames };
}

describe('suggestions after an import', () => {
  // 150 people with numbers and their vCards, in 1–5 chat apps each, plus decoys.
  const set = labelledSet(150);
  const phone = set.events.filter((e) => e.channel === 'phone');
  const firstApps = new Set(['messenger', 'instagram', 'line']);
  const half = set.contacts.slice(0, 75);

  it('equal a computation from scratch at every step: new apps, new vCards, more days, a rejection, an owner name', () => {
    const steps: SuggestInput[] = [
      input([...phone, ...set.events.filter((e) => firstApps.has(e.channel))], half),
      input(set.events, half),
      input(set.events, set.contacts)
    ];
    const top = suggest(steps[2]).find((s) => s.strong)!;
    steps.push(input(set.events, set.contacts, [makeEdit(top.node, top.anchor, 'unbind', 1, 'dev')]));
    steps.push(input(set.events, set.contacts, steps[3].edits as BindingEdit[], [top.subjectName]));
    const engine = new SuggestionEngine();
    for (const step of steps) {
      const incremental = runSteps(engine.update(step));
      expect(incremental).toEqual(suggest(step));
      expect(incremental.length).toBeGreaterThan(0);
    }
  });

  it('score again only the identities the change can affect', () => {
    const engine = new SuggestionEngine();
    const all = input(set.events, set.contacts);
    runSteps(engine.update(all));
    const identities = all.people.filter((p) => p.numbers.length === 0).length;
    expect(engine.work.identities).toBe(identities);
    // Nothing changed: nothing is done again.
    runSteps(engine.update(input(set.events, set.contacts)));
    expect(engine.work).toEqual({ parties: 0, people: 0, identities: 0 });
    // One new identity talking on a day someone already talked on (the days with any contact stay the same).
    const day = phone[0].start;
    const newcomer = { ...set.events.find((e) => e.channel === 'wechat')!, id: 'new', handle: 'wxid_newcomer', name: 'Newcomer Person', start: day };
    const withNewcomer = input([...set.events, newcomer], set.contacts);
    expect(runSteps(engine.update(withNewcomer))).toEqual(suggest(withNewcomer));
    expect(engine.work).toEqual({ parties: 1, people: 0, identities: 1 });
    // A new vCard name for one person: the identities that were compared with them or look up one of the new keys.
    const renamed = set.contacts.map((c, i) => (i === 0 ? { ...c, details: { ...c.details!, nicknames: ['Newcomer Person'] } } : c));
    const withNickname = input([...set.events, newcomer], renamed);
    const found = runSteps(engine.update(withNickname));
    expect(found).toEqual(suggest(withNickname));
    expect(found.find((s) => s.node === 'id:wechat:wxid_newcomer')).toMatchObject({ anchor: `num:${set.contacts[0].numbers[0]}`, evidence: [{ kind: 'nickname', name: 'Newcomer Person' }] });
    // The newcomer, and the four identities that were compared with that person.
    expect(engine.work).toEqual({ parties: 0, people: 1, identities: 5 });
    expect(identities).toBe(510);
  });

  it('run in slices that give the event loop back', async () => {
    const all = input(set.events, set.contacts);
    const slices: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const found = await runSliced(new SuggestionEngine().update(all), { sliceMs: 1, onSlice: (ms) => slices.push(ms) });
    clearInterval(timer);
    expect(found).toEqual(suggest(all));
    expect(slices.length).toBeGreaterThan(1);
    expect(ticks).toBeGreaterThan(0);
  });
});

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, chunks: async function* () { yield bytes; } };
};

describe('suggestions in the backend after imports in two steps', () => {
  it('equal the ones after importing everything at once', async () => {
    const open = async (name: string) => {
      const b = await Backend.open(getRxStorageMemory(), name + Math.random().toString(36).slice(2));
      await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin', '林'] });
      return b;
    };
    const twice = await open('twice');
    await twice.importFiles(['qq-export.txt', 'suggest-sms.xml'].map(fx));
    // The SMS file names 韩梅梅 already; 李雷's WeChat chat and the vCards come second.
    expect((await twice.suggestions()).map((s) => [s.node, s.anchor, s.score, s.sentences.en])).toEqual([['id:qq:10001', 'num:+8613700137000', 0.92, ['same name as 韩梅梅']]]);
    await twice.importFiles(['李雷_utf8.csv', 'suggest-contacts.vcf'].map(fx));
    const a = await twice.suggestions();
    await twice.close();
    // One database open at a time (RxDB's open-source build limits the collections open at once).
    const once = await open('once');
    await once.importFiles(['qq-export.txt', 'suggest-sms.xml', '李雷_utf8.csv', 'suggest-contacts.vcf'].map(fx));
    expect(a.map((s) => [s.node, s.anchor, s.score])).toEqual([
      ['id:qq:10001', 'num:+8613700137000', 0.92],
      ['id:wechat:wxid_lilei', 'num:+8613900139000', 0.86]
    ]);
    expect(a).toEqual(await once.suggestions());
    await once.close();
  });
});
