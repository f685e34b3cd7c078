import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_FINDINGS, MAX_TITLE_CHARS } from './findings-schema.js';
import { parseFindings, REVIEWER_INVALID_OUTPUT } from './parse-findings.js';

const finding = { severity: 'P0', path: 'src/db.ts', line: 12, title: 'Drops the users table', body: 'Data loss.' };

function parsed(text: string) {
  const r = parseFindings(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function failure(text: string) {
  const r = parseFindings(text);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('parseFindings', () => {
  it('reads strict structured output', () => {
    expect(parsed(JSON.stringify({ findings: [finding] }))).toEqual([{ path: 'src/db.ts', line: 12, title: 'Drops the users table', body: 'Data loss.' }]);
  });

  it('reads an empty report as no findings', () => {
    expect(parsed('{"findings":[]}')).toEqual([]);
  });

  it('reads JSON inside a ```json fence, with prose around it', () => {
    const text = `Here is my review.\n\n\`\`\`json\n${JSON.stringify({ findings: [finding] }, null, 2)}\n\`\`\`\nThanks!`;
    expect(parsed(text).map((f) => f.title)).toEqual(['Drops the users table']);
  });

  it('reads JSON after a sentence of preamble, and a bare array of findings', () => {
    expect(parsed(`Findings: ${JSON.stringify({ findings: [finding] })}`)).toHaveLength(1);
    expect(parsed(JSON.stringify([finding]))).toHaveLength(1);
  });

  it('drops findings that are not P0, accepting p0 in any case', () => {
    const findings = [
      { ...finding, severity: 'P1', title: 'naming' },
      { ...finding, severity: 'p0', title: 'lowercase p0' },
      { ...finding, severity: 'P2', title: 'style' },
    ];
    expect(parsed(JSON.stringify({ findings })).map((f) => f.title)).toEqual(['lowercase p0']);
  });

  it('fills missing optional fields and ignores unusable line numbers', () => {
    const findings = [
      { severity: 'P0', title: 'no path, line or body' },
      { severity: 'P0', path: './src/a.ts', line: 0, title: 'zero line', body: null },
      { severity: 'P0', path: '  ', line: 2.5, title: 'blank path, fractional line', body: '' },
    ];
    expect(parsed(JSON.stringify({ findings }))).toEqual([
      { path: null, line: null, title: 'no path, line or body', body: '' },
      { path: 'src/a.ts', line: null, title: 'zero line', body: '' },
      { path: null, line: null, title: 'blank path, fractional line', body: '' },
    ]);
  });

  it('caps the number of findings and the length of their fields', () => {
    const many = Array.from({ length: MAX_FINDINGS + 5 }, (_, i) => ({ ...finding, title: `t${i}`, body: 'x'.repeat(MAX_BODY_CHARS * 2) }));
    many[0]!.title = 'y'.repeat(MAX_TITLE_CHARS * 3);
    const out = parsed(JSON.stringify({ findings: many }));
    expect(out).toHaveLength(MAX_FINDINGS);
    expect(out[0]!.title.length).toBe(MAX_TITLE_CHARS);
    expect(out[0]!.title.endsWith('…')).toBe(true);
    expect(out[1]!.body.length).toBe(MAX_BODY_CHARS);
    expect(out.at(-1)!.title).toBe(`t${MAX_FINDINGS - 1}`);
  });

  it('fails on text that is not JSON, quoting the first 200 characters', () => {
    const text = `I think the change looks fine overall. ${'blah '.repeat(100)}`;
    const error = failure(text);
    expect(error.code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(error.message).toMatch(/^reviewer returned output that is not findings JSON: I think the change looks fine overall\. blah/);
    expect(error.message.length).toBeLessThan(300);
    expect(error.message.endsWith('…')).toBe(true);
  });

  it('fails on JSON of the wrong shape instead of inventing or hiding findings', () => {
    expect(failure('{"result":"ok"}').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('{"findings":"none"}').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('{"findings":[{"severity":"P0"}]}').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('{"findings":[{"severity":"P0","title":"   "}]}').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('{"findings":["build breaks"]}').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('42').code).toBe(REVIEWER_INVALID_OUTPUT);
    expect(failure('{"findings":[').code).toBe(REVIEWER_INVALID_OUTPUT);
  });

  it('names an empty reply as such', () => {
    expect(failure('  \n').message).toBe('reviewer returned output that is not findings JSON: (empty reply)');
  });
});
