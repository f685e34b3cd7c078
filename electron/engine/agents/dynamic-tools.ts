/**
 * Client-side tools offered to an agent session (codex `dynamicTools`, SPEC §10.5). The session
 * advertises `specs()` at thread start and routes each `item/tool/call` for a listed name to
 * `call()`; names not listed get a failure reply and the turn goes on.
 */
export interface DynamicToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the `arguments` object. */
  inputSchema: Record<string, unknown>;
  namespace?: string | null;
}

export interface DynamicToolResult {
  success: boolean;
  /** What the model reads back; JSON text for structured results. */
  text: string;
}

export interface DynamicToolHost {
  specs(): DynamicToolSpec[];
  /** Never rejects for expected failures: those come back as `success: false` with the reason. */
  call(tool: string, args: Record<string, unknown>): Promise<DynamicToolResult>;
}
