/**
 * Size limits for what goes into trace events. A protocol line may legally be megabytes (a 5 MB
 * agent message, a huge command output); the full bytes reach the terminal transcript, while the
 * stored event keeps a bounded copy so one run cannot bloat the store or the UI's event list.
 */

/** Final agent message text kept in a `message` event: 64 KiB covers any readable answer. */
export const EVENT_TEXT_MAX_CHARS = 64 * 1024;
/** Command output kept in a `command` event: the tail is where failures are, 8 KiB shows it. */
export const EVENT_OUTPUT_MAX_CHARS = 8 * 1024;
/** Arbitrary params kept in `notification` events, as a JSON preview. */
export const EVENT_PARAMS_MAX_CHARS = 4 * 1024;

export interface Truncated {
  text: string;
  truncated: boolean;
  length: number;
}

export function truncateHead(text: string, max: number): Truncated {
  if (text.length <= max) return { text, truncated: false, length: text.length };
  return { text: text.slice(0, max), truncated: true, length: text.length };
}

export function truncateTail(text: string, max: number): Truncated {
  if (text.length <= max) return { text, truncated: false, length: text.length };
  return { text: text.slice(text.length - max), truncated: true, length: text.length };
}

/** The value itself when its JSON is small, otherwise a preview string and the full size. */
export function boundedJson(value: unknown, max = EVENT_PARAMS_MAX_CHARS): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { preview: String(value).slice(0, max), unserializable: true };
  }
  if (json === undefined || json.length <= max) return value;
  return { preview: json.slice(0, max), json_chars: json.length, truncated: true };
}

/** First line of a text, cut for a one-line summary. */
export function oneLine(text: string, max = 160): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
