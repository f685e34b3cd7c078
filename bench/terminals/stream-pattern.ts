/**
 * The stream both producers write, identical to test/fixtures/fake-pty-agent/agent.mjs with
 * FAKE_PTY_RATE: this colored 80-column line repeated and cut after exactly n bytes (chunks keep
 * continuity), then `\nSTREAM_DONE bytes=<n>\n`. Keep in step with the fixture: a drift shows up
 * as lost bytes, never as a false pass.
 */
export const STREAM_LINE = `\x1b[34mstream\x1b[0m ${'x'.repeat(64)}\n`;

/** How the stream begins in the raw log (before it, only the banner and the typed prompt's echo). */
export const STREAM_START = '\x1b[34mstream\x1b[0m ';

/** The stream's bytes from `offset` to `offset + length`. */
export function streamSlice(offset: number, length: number): string {
  const from = offset % STREAM_LINE.length;
  return STREAM_LINE.repeat(Math.ceil((from + length) / STREAM_LINE.length)).slice(from, from + length);
}

export function streamDoneLine(bytes: number): string {
  return `\nSTREAM_DONE bytes=${bytes}\n`;
}
