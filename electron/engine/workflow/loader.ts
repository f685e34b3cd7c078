import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { WorkflowDefinition } from './config-types.js';

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

const FENCE = /^---\s*$/;

/**
 * SPEC §5.2: a leading `---` line opens YAML front matter that runs to the next `---` line; the
 * rest is the prompt body (trimmed). No front matter means an empty config.
 */
export function parseWorkflowText(text: string, absolutePath: string): Result<WorkflowDefinition> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length === 0 || !FENCE.test(lines[0] ?? '')) {
    return ok({ path: absolutePath, config: {}, prompt_template: lines.join('\n').trim() });
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) {
    return err('workflow_parse_error', `${absolutePath}: the front matter opened by '---' on line 1 is never closed by another '---' line`, {
      path: absolutePath,
      line: 1,
    });
  }
  const parsed = parseFrontMatter(lines.slice(1, close).join('\n'), absolutePath);
  if (!parsed.ok) return parsed;
  return ok({ path: absolutePath, config: parsed.value, prompt_template: lines.slice(close + 1).join('\n').trim() });
}

/** YAML starts on file line 2, so reported lines are shifted by this much to match the editor. */
const FRONT_MATTER_LINE_OFFSET = 1;

function parseFrontMatter(yamlText: string, file: string): Result<Record<string, unknown>> {
  const doc = parseDocument(yamlText);
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? ` at line ${pos.line + FRONT_MATTER_LINE_OFFSET}, column ${pos.col}` : '';
    // yaml's own message ends with its position in the front matter alone and a code excerpt;
    // keep only the reason, with the position translated to a line of the whole file.
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return err('workflow_parse_error', `${file}: invalid YAML front matter${where}: ${reason}`, {
      path: file,
      ...(pos ? { line: pos.line + FRONT_MATTER_LINE_OFFSET, column: pos.col } : {}),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // Unresolvable aliases and alias bombs only surface when the document is converted.
    return err('workflow_parse_error', `${file}: invalid YAML front matter: ${errorMessage(e)}`, { path: file });
  }
  if (value === null || value === undefined) return ok({});
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return err('workflow_front_matter_not_a_map', `${file}: the front matter must be a YAML map of settings, but it is ${kind}`, { path: file });
  }
  return ok(value as Record<string, unknown>);
}
