import type { Clock } from '../lib/clock.js';
import { err, ok, type BatonError, type Result } from '../lib/result.js';
import { buildServiceConfig } from './config.js';
import type { EffectiveWorkflow } from './config-types.js';
import { definitionOf, splitWorkflowText } from './loader.js';
import type { WorkflowParser } from './parser/workflow-parser.js';
import { templateError } from './prompt.js';

/**
 * 1 MiB: a hundred times a generous workflow (the template's is ~3 KB), and small enough that the
 * parts that stay on the event loop (reading, splitting, building the config) take a few ms
 * (bench/README.md, "Workflow parsing"). A larger file is refused with `workflow_too_large`.
 */
export const WORKFLOW_MAX_BYTES = 1024 * 1024;

/**
 * 64 KiB of YAML: twenty times the template's settings. The front matter's parsed value is copied
 * from the parse worker onto the event loop and typed there; at this size both take about a
 * millisecond, at 1 MiB of keys they took 60 ms (bench/README.md, "Workflow parsing").
 */
export const FRONT_MATTER_MAX_BYTES = 64 * 1024;

export function tooLarge(file: string, bytes: number): { ok: false; error: BatonError } {
  return err(
    'workflow_too_large',
    `${file} is ${bytes} bytes; a workflow file may be at most ${WORKFLOW_MAX_BYTES} bytes (1 MiB): keep long instructions in files the agent reads`,
    { path: file, bytes, max_bytes: WORKFLOW_MAX_BYTES },
  );
}

/**
 * A WORKFLOW.md's text as the engine would run it: size-checked, split, its YAML parsed and its
 * prompt template parsed on the parse worker, its config typed and checked. Any failure leaves the
 * caller's current version in place. Codes: `workflow_too_large`, `workflow_parse_error`,
 * `workflow_front_matter_not_a_map`, `invalid_config`, `template_parse_error`,
 * `template_render_error` (an unknown filter), `workflow_parse_timeout`, `workflow_parser_failed`.
 */
export async function evaluateWorkflow(
  text: string,
  file: string,
  deps: { env: NodeJS.ProcessEnv; clock: Clock; parser: Pick<WorkflowParser, 'yaml' | 'checkTemplate'> },
): Promise<Result<EffectiveWorkflow>> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > WORKFLOW_MAX_BYTES) return tooLarge(file, bytes);
  const parts = splitWorkflowText(text, file);
  if (!parts.ok) return parts;
  const yamlBytes = Buffer.byteLength(parts.value.frontMatter ?? '', 'utf8');
  if (yamlBytes > FRONT_MATTER_MAX_BYTES) {
    return err(
      'workflow_too_large',
      `${file}: the front matter is ${yamlBytes} bytes; it may be at most ${FRONT_MATTER_MAX_BYTES} bytes (64 KiB): move long scripts into files the hooks run`,
      { path: file, front_matter_bytes: yamlBytes, max_front_matter_bytes: FRONT_MATTER_MAX_BYTES },
    );
  }
  let yaml = null;
  if (parts.value.frontMatter !== null) {
    const parsed = await deps.parser.yaml(parts.value.frontMatter);
    if (!parsed.ok) return parsed;
    yaml = parsed.value;
  }
  const definition = definitionOf(parts.value, yaml, file);
  if (!definition.ok) return definition;
  const config = buildServiceConfig(definition.value, deps.env);
  if (!config.ok) return config;
  // Parsed now, not at the first run: a template that cannot parse never replaces a good one.
  if (definition.value.prompt_template !== '') {
    const checked = await deps.parser.checkTemplate(definition.value.prompt_template);
    if (!checked.ok) return checked;
    if (checked.value !== null) {
      const failed = templateError(checked.value);
      return err(failed.error.code, `${file}: ${failed.error.message}`, { path: file });
    }
  }
  return ok({ definition: definition.value, config: config.value, loaded_at: deps.clock.now() });
}
