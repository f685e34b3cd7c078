/** Plain code-unit order of paths: the same in every locale, so files and overlaps list stably. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
