import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { WorkflowDefinition } from './config-types.js';
import type { YamlOutcome } from './parser/workflow-parser.js';

export const WORKFLOW_FILE_NAME = 'WORKFLOW.md';

/** SPEC §5.1: the explicit (CLI) path wins; otherwise `WORKFLOW.md` in the working directory. */
export function resolveWorkflowPath(explicit: string | undefined, cwd: string): string {
  return explicit !== undefined && explicit.trim() !== '' ? path.resolve(cwd, explicit) : path.join(path.resolve(cwd), WORKFLOW_FILE_NAME);
}

/** Reads and splits a WORKFLOW.md. Codes: `missing_workflow_file`, `workflow_parse_error`, `workflow_front_matter_not_a_map`. */
export async function loadWorkflowFile(file: string): Promise<Result<WorkflowDefinition>> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    return err('missing_workflow_file', `cannot read workflow file ${absolute}: ${errorMessage(e)}`, { path: absolute });
  }
  return parseWorkflowText(text, absolute);
}

const FENCE = /^---[^\S\r\n]*$/;
/** The closing fence: a line of `---` (trailing blanks allowed) anywhere after the first line. */
const CLOSING_FENCE = /\r?\n---[^\S\r\n]*(?:\r?\n|$)/g;

/** A WORKFLOW.md cut in two: the YAML between the fences (null without front matter) and the prompt. */
export interface WorkflowParts {
  frontMatter: string | null;
  prompt: string;
}

/**
 * SPEC §5.2: a leading `---` line opens YAML front matter that runs to the next `---` line; the
 * rest is the prompt body (trimmed, line ends as `\n`). Native string searches only, so a 1 MiB
 * file splits in about a millisecond on the event loop (bench/README.md, "Workflow parsing").
 */
export function splitWorkflowText(text: string, absolutePath: string): Result<WorkflowParts> {
  const body = text.replace(/^\uFEFF/, '');
  const firstEnd = body.search(/\r?\n/);
  const firstLine = firstEnd < 0 ? body : body.slice(0, firstEnd);
  if (!FENCE.test(firstLine)) return ok({ frontMatter: null, prompt: normalize(body) });
  CLOSING_FENCE.lastIndex = firstLine.length;
  // The opening fence's own line end is where the search starts, so an empty front matter matches too.
  const close = firstEnd < 0 ? null : CLOSING_FENCE.exec(body);
  if (close === null) {
    return err('workflow_parse_error', `${absolutePath}: the front matter opened by '---' on line 1 is never closed by another '---' line`, {
      path: absolutePath,
      line: 1,
    });
  }
  const frontMatter = close.index <= firstEnd ? '' : body.slice(firstEnd + (body[firstEnd] === '\r' ? 2 : 1), close.index);
  return ok({ frontMatter: normalize(frontMatter, false), prompt: normalize(body.slice(close.index + close[0].length)) });
}

function normalize(text: string, trim = true): string {
  const lf = text.replace(/\r\n/g, '\n');
  return trim ? lf.trim() : lf;
}

/**
 * Reads and splits a WORKFLOW.md on the calling thread. For small files the caller controls (the
 * demo, tools, tests); the engine's live workflow goes through the parse worker
 * (workflow-store.ts), because YAML parsing is slow on large input.
 */
export function parseWorkflowText(text: string, absolutePath: string): Result<WorkflowDefinition> {
  const parts = splitWorkflowText(text, absolutePath);
  if (!parts.ok) return parts;
  const yaml = parts.value.frontMatter === null ? null : yamlOnThisThread(parts.value.frontMatter);
  return definitionOf(parts.value, yaml, absolutePath);
}

/**
 * The definition from the split file and its YAML as parsed (null without front matter). Codes:
 * `workflow_parse_error`, `workflow_front_matter_not_a_map`.
 */
export function definitionOf(parts: WorkflowParts, yaml: YamlOutcome | null, file: string): Result<WorkflowDefinition> {
  if (yaml === null) return ok({ path: file, config: {}, prompt_template: parts.prompt });
  const config = frontMatterValue(yaml, file);
  if (!config.ok) return config;
  return ok({ path: file, config: config.value, prompt_template: parts.prompt });
}

function yamlOnThisThread(text: string): YamlOutcome {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    return { ok: false, message: first.message, line: pos?.line ?? null, col: pos?.col ?? null };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (e) {
    // Unresolvable aliases and alias bombs only surface when the document is converted.
    return { ok: false, message: errorMessage(e), line: null, col: null };
  }
}

/** YAML starts on file line 2, so reported lines are shifted by this much to match the editor. */
const FRONT_MATTER_LINE_OFFSET = 1;

function frontMatterValue(yaml: YamlOutcome, file: string): Result<Record<string, unknown>> {
  if (!yaml.ok) {
    const line = yaml.line === null ? null : yaml.line + FRONT_MATTER_LINE_OFFSET;
    const where = line !== null ? ` at line ${line}, column ${yaml.col}` : '';
    // yaml's own message ends with its position in the front matter alone and a code excerpt;
    // keep only the reason, with the position translated to a line of the whole file.
    const reason = (yaml.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return err('workflow_parse_error', `${file}: invalid YAML front matter${where}: ${reason}`, {
      path: file,
      ...(line !== null ? { line, column: yaml.col } : {}),
    });
  }
  const value = yaml.value;
  if (value === null || value === undefined) return ok({});
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return err('workflow_front_matter_not_a_map', `${file}: the front matter must be a YAML map of settings, but it is ${kind}`, { path: file });
  }
  return ok(value as Record<string, unknown>);
}
