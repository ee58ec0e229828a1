/** ln(n!) for 0…n, grown on demand (n is a number of days: a few thousand at most). */
let lnFactorials = new Float64Array([0]);

function lnFactorial(n: number): number {
  if (n >= lnFactorials.length) {
    const grown = new Float64Array(Math.max(n + 1, lnFactorials.length * 2));
    grown.set(lnFactorials);
    for (let i = lnFactorials.length; i < grown.length; i++) grown[i] = grown[i - 1] + Math.log(i);
    lnFactorials = grown;
  }
  return lnFactorials[n];
}

function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

/**
 * How likely two sides active on `a` and `b` of `total` days share at least `shared` of them by chance, each
 * side's days drawn at random (the hypergeometric upper tail): the smaller, the less a coincidence.
 */
export function chanceOfSharedDays(shared: number, a: number, b: number, total: number): number {
  if (shared <= 0) return 1;
  const last = Math.min(a, b);
  const all = lnChoose(total, b);
  let p = 0;
  for (let x = Math.max(shared, a + b - total); x <= last; x++) {
    const term = Math.exp(lnChoose(a, x) + lnChoose(total - a, b - x) - all);
    p += term;
    // Past the most likely overlap the terms only fall: stop once they no longer change the sum.
    if (term < p * 1e-12 && x > (a * b) / total) break;
  }
  return Math.min(1, p);
}
