import { describe, expect, it } from 'vitest';
import { parsePatch } from './diff-model.js';
import { SAMPLE_PATCH } from './diff-fixtures.test-util.js';
import { languageFor, tokensFor } from './highlight.js';

const flat = (nodes: unknown): string => JSON.stringify(nodes);

describe('highlight', () => {
  it('maps extensions to the registered grammars', () => {
    expect(['a.ts', 'b/c.TSX', 'x.mjs', 'p.py', 'k.yml', 'r.rs', 'Makefile', '.env', 'x.unknown'].map(languageFor)).toEqual([
      'typescript', 'tsx', 'javascript', 'python', 'yaml', 'rust', null, null, null,
    ]);
  });

  it('tokenizes with refractor 5 (keywords become token spans) and marks edits', () => {
    const hunks = parsePatch(SAMPLE_PATCH).files.get('src/lib/math.ts')!.hunks;
    const tokens = tokensFor(hunks, 'typescript')!;
    expect(flat(tokens.new[0])).toContain('"keyword"');
    expect(flat(tokens.new[0])).toContain('"type":"edit"');
  });

  it('falls back to plain tokens for unknown languages and to null when tokenizing fails', () => {
    const hunks = parsePatch(SAMPLE_PATCH).files.get('old.txt')!.hunks;
    expect(flat(tokensFor(hunks, null)!.old[0])).toContain('"value":"one"');
    expect(tokensFor(hunks, 'not-a-language')).toBeNull();
  });
});
