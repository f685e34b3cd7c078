/**
 * Repository-path globs for `review.protected_paths`: `*` matches within one path segment, `**`
 * any number of segments (`scripts/**` is everything under scripts/), `?` one character; anything
 * else is literal. Paths use `/` and are repository-relative, as git prints them. A pattern
 * without `/` matches a file of that name in any directory, as in .gitignore.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  const written = pattern.trim().replace(/^\.\//, '');
  // A leading `/` anchors the pattern at the repository's root, as in .gitignore.
  const anywhere = !written.includes('/');
  const source = written
    .replace(/^\//, '')
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const regex = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${source}$`);
  return (path) => regex.test(path);
}
