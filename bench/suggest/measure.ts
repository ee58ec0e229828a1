/**
 * Precision and recall of suggested matches on the labelled identity set, and how long computing them takes:
 *   npx tsx bench/suggest/measure.ts <people> [<apps per person>]
 * prints `RESULT {json}` (the form bench/run.ts reads from its child processes).
 */
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { partyKey } from '../../src/lib/model/party';
import { suggest, SuggestionEngine, type SuggestInput } from '../../src/lib/suggest/engine';
import { runSliced, runSteps } from '../../src/lib/util/steps';
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
const input: SuggestInput = { people: association.people, parties: tally.parties, contacts: set.contacts, edits: [], region: 'CN', ownerNames: [] };
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

const SLICE_MS = 10;
const STEP_RUNS = 3;

/**
 * The update in the data worker's slices (runSliced: ~10 ms, then a macrotask), as they ran here, and as they
 * run without other processes: each step (one party, person or identity) timed in three runs and its
 * quickest time kept, then grouped into slices as runSliced groups them. On a loaded machine the first
 * counts the time other processes ran while a slice did; the second does not (nor the GC pauses that hit a
 * step in one run only).
 */
function steps(start: () => SuggestionEngine, at: SuggestInput) {
  let quickest: number[] = [];
  let ms = 0;
  let cpuMs = 0;
  let work = start().work;
  for (let run = 0; run < STEP_RUNS; run++) {
    const engine = start();
    const update = engine.update(at);
    const times: number[] = [];
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (;;) {
      const t = performance.now();
      const r = update.next();
      times.push(performance.now() - t);
      if (r.done) break;
    }
    ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
    work = engine.work;
    quickest = run === 0 ? times : quickest.map((q, i) => Math.min(q, times[i]));
  }
  let longest = 0;
  let slice = 0;
  for (const t of quickest) {
    slice += t;
    if (slice >= SLICE_MS) {
      longest = Math.max(longest, slice);
      slice = 0;
    }
  }
  return { steps: quickest.length, longestStepMs: Math.max(...quickest), longestSliceMs: Math.max(longest, slice), ms, cpuMs, work };
}

async function sliced(engine: SuggestionEngine, at: SuggestInput) {
  const slices: number[] = [];
  const start = performance.now();
  await runSliced(engine.update(at), { sliceMs: SLICE_MS, onSlice: (ms) => slices.push(ms) });
  return { ms: performance.now() - start, slices: slices.length, longestMs: Math.max(...slices) };
}

/** From scratch, as after opening the app. */
const fromScratch = { asRun: await sliced(new SuggestionEngine(), input), ...steps(() => new SuggestionEngine(), input) };
/** After an import of one more chat app's export: the engine had seen everything but that app. */
const app = 'kakaotalk';
const before = new PartyTally();
for (const e of set.events) if (e.channel !== app) before.add(e, partyKey(e));
const beforeInput = { ...input, people: associate({ parties: before.parties.values(), contacts: set.contacts, owners: [], edits: [], settings }).people, parties: before.parties };
const seenBefore = () => {
  const engine = new SuggestionEngine();
  runSteps(engine.update(beforeInput));
  return engine;
};
const afterImport = {
  app,
  identities: [...set.truth.keys()].filter((node) => node.startsWith(`id:${app}:`)).length,
  asRun: await sliced(seenBefore(), input),
  ...steps(seenBefore, input)
};

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
      fromScratch,
      afterImport,
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
