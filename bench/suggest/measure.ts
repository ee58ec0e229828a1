/**
 * Precision and recall of suggested matches on the labelled identity set, and how long computing them takes:
 *   npx tsx bench/suggest/measure.ts <people> [<apps per person>]
 * prints `RESULT {json}` (the form bench/run.ts reads from its child processes).
 */
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { partyKey } from '../../src/lib/model/party';
import { suggest } from '../../src/lib/suggest/engine';
import { labelledSet } from './labelled-set';

const people = Number(process.argv[2] ?? 500);
const apps = process.argv[3] ? Number(process.argv[3]) : undefined;
const set = labelledSet(people, apps);
const tally = new PartyTally();
for (const e of set.events) tally.add(e, partyKey(e));
const settings = { region: 'CN', me: [] };
const t0 = performance.now();
const association = associate({ parties: tally.parties.values(), contacts: set.contacts, owners: [], edits: [], settings });
const associateMs = performance.now() - t0;
const input = { people: association.people, parties: tally.parties, contacts: set.contacts, edits: [], region: 'CN', ownerNames: [] };
/** Wall and CPU time of one computation (CPU time says more on a loaded machine). */
function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}
const cold = timed(() => suggest(input)); // the first run also computes every name's forms (pinyin tables loaded, JIT)
/** Repeat runs (as the worker recomputes after an import): the median of three, by wall time. */
const repeats = [0, 1, 2].map(() => timed(() => suggest(input))).sort((a, b) => a.ms - b.ms);
const warm = repeats[1];
const suggestions = warm.value;

const top = new Map<string, (typeof suggestions)[number]>();
for (const s of suggestions) if (!top.has(s.node)) top.set(s.node, s);
const withTruth = [...set.truth].filter(([, person]) => person !== null);
const correct = (s: (typeof suggestions)[number]) => set.truth.get(s.node) === s.anchor;
const strong = suggestions.filter((s) => s.strong);
const tops = [...top.values()];
const ratio = (a: number, b: number) => (b ? a / b : null);

/** Per name variant: how many identities, and how many got the right top suggestion. */
const byVariant: Record<string, { identities: number; topRight: number; strongRight: number; strongWrong: number }> = {};
for (const [node, variant] of set.variants) {
  const v = (byVariant[variant] ??= { identities: 0, topRight: 0, strongRight: 0, strongWrong: 0 });
  v.identities++;
  const t = top.get(node);
  if (t && correct(t)) v.topRight++;
  if (t?.strong) correct(t) ? v.strongRight++ : v.strongWrong++;
}

console.log(
  'RESULT ' +
    JSON.stringify({
      people,
      identities: set.truth.size,
      withTruth: withTruth.length,
      decoys: set.truth.size - withTruth.length,
      suggestions: suggestions.length,
      associateMs,
      suggestMs: warm.ms,
      suggestCpuMs: warm.cpuMs,
      coldMs: cold.ms,
      coldCpuMs: cold.cpuMs,
      strong: strong.length,
      strongPrecision: ratio(strong.filter(correct).length, strong.length),
      strongRecall: ratio(strong.filter(correct).length, withTruth.length),
      topPrecision: ratio(tops.filter(correct).length, tops.length),
      topRecall: ratio(tops.filter(correct).length, withTruth.length),
      anyRecall: ratio(new Set(suggestions.filter(correct).map((s) => s.node)).size, withTruth.length),
      decoysSuggested: tops.filter((s) => set.truth.get(s.node) === null).length,
      byVariant
    })
);
