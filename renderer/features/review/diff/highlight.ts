import { markEdits, tokenize, type HunkData, type HunkTokens } from 'react-diff-view';
import { refractor } from 'refractor/core';
import bash from 'refractor/bash';
import css from 'refractor/css';
import diff from 'refractor/diff';
import go from 'refractor/go';
import javascript from 'refractor/javascript';
import json from 'refractor/json';
import jsx from 'refractor/jsx';
import markdown from 'refractor/markdown';
import python from 'refractor/python';
import rust from 'refractor/rust';
import tsx from 'refractor/tsx';
import typescript from 'refractor/typescript';
import yaml from 'refractor/yaml';

/*
 * Syntax highlighting with refractor's core and a handful of grammars (the full set is ~300 KB).
 * refractor 5's highlight() returns a hast Root while react-diff-view's tokenize() expects the
 * root's children (refractor 3's shape), hence the adapter.
 */

for (const syntax of [bash, css, diff, go, javascript, json, jsx, markdown, python, rust, tsx, typescript, yaml]) {
  refractor.register(syntax);
}

const adapter = {
  highlight: (value: string, language: string) => refractor.highlight(value, language).children,
};

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'jsx',
  json: 'json', css: 'css', md: 'markdown', markdown: 'markdown',
  py: 'python', go: 'go', rs: 'rust', sh: 'bash', bash: 'bash', zsh: 'bash',
  yml: 'yaml', yaml: 'yaml', diff: 'diff', patch: 'diff',
};

export function languageFor(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null;
}

/**
 * Tokens for the rendered hunks: syntax (when the language is known) plus word-level marks on
 * changed line pairs. Null when tokenizing fails: the rows then render as plain text.
 */
export function tokensFor(hunks: HunkData[], language: string | null): HunkTokens | null {
  if (hunks.length === 0) return null;
  const enhancers = [markEdits(hunks, { type: 'block' })];
  try {
    return language === null
      ? tokenize(hunks, { enhancers })
      : tokenize(hunks, { highlight: true, refractor: adapter, language, enhancers });
  } catch {
    return null;
  }
}
