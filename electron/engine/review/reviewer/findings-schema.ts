import { z } from 'zod';

/** A report with more findings than this is noise, not P0s; the first ones are kept. */
export const MAX_FINDINGS = 20;
/** Field caps (characters): enough for a sentence of title and a few paragraphs of reasoning. */
export const MAX_TITLE_CHARS = 300;
export const MAX_BODY_CHARS = 4_000;
export const MAX_PATH_CHARS = 1_024;

/** The `name` of the structured-output schema sent in `response_format`. */
export const FINDINGS_SCHEMA_NAME = 'p0_findings';

/**
 * The JSON schema of the reviewer's reply, for `response_format: {type: 'json_schema', strict: true}`.
 * Strict mode wants every property required and no extra ones; nullability is a type union.
 */
export const FINDINGS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: ['P0'] },
          path: { type: ['string', 'null'], description: 'Repository-relative path of the file, or null for the change as a whole.' },
          line: { type: ['integer', 'null'], description: 'Line in the new version of the file, or null.' },
          title: { type: 'string', description: 'One line: what breaks.' },
          body: { type: 'string', description: 'Why it breaks the build, loses data or opens a security hole, and how to fix it.' },
        },
        required: ['severity', 'path', 'line', 'title', 'body'],
        additionalProperties: false,
      },
    },
  },
  required: ['findings'],
  additionalProperties: false,
} as const;

/**
 * What we accept back. Endpoints without structured output answer free-form JSON, so the optional
 * fields are lenient (missing → null, a non-positive or fractional line → null); the structure
 * (an object per finding, a severity and a title) is not, because guessing there would invent findings.
 */
const rawFindingSchema = z.object({
  severity: z.string(),
  path: z
    .string()
    .nullish()
    .transform((p) => p ?? null),
  line: z
    .number()
    .nullish()
    .transform((n) => (n != null && Number.isInteger(n) && n > 0 ? n : null)),
  title: z.string().trim().min(1),
  body: z
    .string()
    .nullish()
    .transform((b) => b ?? ''),
});

export const rawReplySchema = z.object({ findings: z.array(rawFindingSchema) });

export type RawFinding = z.infer<typeof rawFindingSchema>;
