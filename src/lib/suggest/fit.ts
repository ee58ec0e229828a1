import { sharedDays, type Activity } from './behaviour';
import { chanceOfSharedDays } from './chance';
import { SHARED_DIVISOR_MAX, type NameEvidence } from './evidence';
import { byText } from './order';

/** Shared days this likely by chance (the usual 5 %) say nothing: a day or two in common is common. */
const NO_SIGNAL = 0.05;
/** The chance is clamped here, so that the bound stays finite (a factor of about 10^10). */
const SMALLEST_CHANCE = 1e-12;

/** The identity's shared days with a person: how likely that many are by chance. */
export function dayChance(identity: Activity, person: Activity, activeDays: number): number {
  return chanceOfSharedDays(sharedDays(identity, person), identity.dayCount, person.dayCount, activeDays);
}

/**
 * How much more shared days that happen by chance `p` say "same person" than "coincidence": the largest Bayes
 * factor p can support, 1/(−e·p·ln p) (Sellke, Bayarri & Berger 2001), when p < 5 %; 1 when the days could
 * well be chance.
 */
export function dayFactor(p: number): number {
  const q = Math.max(SMALLEST_CHANCE, p);
  return q < NO_SIGNAL ? -1 / (Math.E * q * Math.log(q)) : 1;
}

/**
 * A name several people share says less about each: its weight is split among them, each one's part in
 * proportion to how much its days with the identity say (`chance`: of its shared days). The chance is
 * multiplied by the number of people tried (Bonferroni): among many namesakes one shares days by chance more
 * easily. The others count as three people at most (a name of forty people still gives each a quarter).
 */
export function namesakes(peopleOfKind: Map<NameEvidence, Set<string>>, chance: (person: string) => number) {
  const chances = new Map<string, number>();
  const chanceOf = (id: string) => chances.get(id) ?? chances.set(id, chance(id)).get(id)!;
  const totals = new Map<NameEvidence, { factors: Map<string, number>; sum: number; leader: string | null }>();
  const total = (kind: NameEvidence) => {
    let t = totals.get(kind);
    if (!t) {
      const people = peopleOfKind.get(kind) ?? new Set<string>();
      t = { factors: new Map(), sum: 0, leader: null };
      let max = 1;
      // In one order whatever order the people were found in (a float sum depends on it).
      for (const id of [...people].sort(byText)) {
        const f = dayFactor(Math.min(1, chanceOf(id) * people.size));
        t.factors.set(id, f);
        t.sum += f;
        if (f > max) {
          max = f;
          t.leader = id;
        } else if (f === max) t.leader = null;
      }
      totals.set(kind, t);
    }
    return t;
  };
  const size = (kind: NameEvidence) => peopleOfKind.get(kind)?.size ?? 1;
  return {
    size,
    share(kind: NameEvidence, id: string): number {
      const n = size(kind);
      if (n === 1) return 1;
      const t = total(kind);
      const f = t.factors.get(id)!;
      const others = (t.sum - f) / (n - 1);
      return f / (f + Math.min(SHARED_DIVISOR_MAX - 1, n - 1) * others);
    },
    /** Of the people the name fits, this one's days say the most (alone), and more than chance. */
    leads: (kind: NameEvidence, id: string) => size(kind) > 1 && total(kind).leader === id
  };
}
