import { sharedDays, type Activity } from './behaviour';
import { chanceOfSharedDays } from './chance';

/** Shared days this likely by chance (the usual 5 %) say nothing: a day or two in common is common. */
const NO_SIGNAL = 0.05;
/** The chance is clamped here, so that the bound stays finite (a factor of about 10^10). */
const SMALLEST_CHANCE = 1e-12;

/**
 * How much more the identity's shared days with a person say "same person" than "coincidence": the chance `p`
 * of sharing that many days anyway turned into the largest Bayes factor it can support, 1/(−e·p·ln p)
 * (Sellke, Bayarri & Berger 2001), when p < 5 %; 1 when the days could well be chance.
 */
export function dayFactor(identity: Activity, person: Activity, activeDays: number): number {
  const p = Math.max(SMALLEST_CHANCE, chanceOfSharedDays(sharedDays(identity, person), identity.dayCount, person.dayCount, activeDays));
  return p < NO_SIGNAL ? -1 / (Math.E * p * Math.log(p)) : 1;
}
