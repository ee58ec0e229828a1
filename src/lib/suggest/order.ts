/** Code-unit order: ties are broken the same way everywhere, without the cost of a locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
