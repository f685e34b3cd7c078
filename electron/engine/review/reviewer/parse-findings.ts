import { err, ok, type Result } from '../../lib/result.js';
import { MAX_BODY_CHARS, MAX_FINDINGS, MAX_PATH_CHARS, MAX_TITLE_CHARS, rawReplySchema } from './findings-schema.js';

/** A P0 finding as the model reported it, cleaned and capped, before it gets an id and a status. */
export interface ParsedFinding {
  path: string | null;
  line: number | null;
  title: string;
  body: string;
}

export const REVIEWER_INVALID_OUTPUT = 'reviewer_invalid_output';

/** How much of an unusable reply the error quotes, so a person can see what came back. */
const QUOTED_OUTPUT_CHARS = 200;

/**
 * Reads the reviewer's reply: strict structured output, or — from endpoints without it — plain
 * JSON, possibly in a ```json fence or after a sentence of preamble. Findings that are not P0 are
 * dropped; anything that is not findings JSON is an error, never an empty (passing) report.
 */
export function parseFindings(text: string): Result<ParsedFinding[]> {
  const json = extractJson(text);
  const checked = json === undefined ? null : rawReplySchema.safeParse(Array.isArray(json) ? { findings: json } : json);
  if (!checked?.success) {
    return err(REVIEWER_INVALID_OUTPUT, `reviewer returned output that is not findings JSON: ${quote(text)}`);
  }
  const findings = checked.data.findings
    .filter((f) => f.severity.trim().toUpperCase() === 'P0')
    .slice(0, MAX_FINDINGS)
    .map((f) => ({
      path: cleanPath(f.path),
      line: f.line,
      title: cap(f.title.trim(), MAX_TITLE_CHARS),
      body: cap(f.body.trim(), MAX_BODY_CHARS),
    }));
  return ok(findings);
}

/** The parsed JSON value, or undefined when no candidate parses. */
function extractJson(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)```/.exec(text);
  if (fenced) candidates.push(fenced[1]!.trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function cleanPath(path: string | null): string | null {
  if (path === null) return null;
  const trimmed = path.trim().replace(/^(\.\/)+/, '');
  return trimmed === '' ? null : cap(trimmed, MAX_PATH_CHARS);
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quote(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  if (flat === '') return '(empty reply)';
  return flat.length <= QUOTED_OUTPUT_CHARS ? flat : `${flat.slice(0, QUOTED_OUTPUT_CHARS)}…`;
}
