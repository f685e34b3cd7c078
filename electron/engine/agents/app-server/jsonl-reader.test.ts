import { describe, expect, it } from 'vitest';
import { JsonlReader, MAX_LINE_BYTES } from './jsonl-reader.js';

function collect(maxLineBytes?: number) {
  const lines: string[] = [];
  const oversize: number[] = [];
  const reader = new JsonlReader({ onLine: (l) => lines.push(l), onOversize: (b) => oversize.push(b) }, maxLineBytes);
  return { reader, lines, oversize };
}

describe('JsonlReader', () => {
  it('splits lines and buffers a partial line until its newline arrives', () => {
    const { reader, lines } = collect();
    reader.push('{"a":1}\n{"b":');
    expect(lines).toEqual(['{"a":1}']);
    expect(reader.pendingBytes).toBe(5);
    reader.push('2}\n\n{"c"');
    reader.push(':3}\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(reader.pendingBytes).toBe(0);
  });

  it('strips CR of CRLF line endings', () => {
    const { reader, lines } = collect();
    reader.push('one\r\ntwo\r');
    reader.push('\nthree\n');
    expect(lines).toEqual(['one', 'two', 'three']);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const { reader, lines } = collect();
    const bytes = Buffer.from('{"t":"héllo ✓"}\n', 'utf8');
    for (const byte of bytes) reader.push(Buffer.from([byte]));
    expect(lines).toEqual(['{"t":"héllo ✓"}']);
  });

  it('delivers the last line without a newline at end of stream', () => {
    const { reader, lines } = collect();
    reader.push('first\nlast');
    reader.end();
    expect(lines).toEqual(['first', 'last']);
  });

  it('reads a valid 5 MB line delivered in 64 KiB chunks', () => {
    const { reader, lines, oversize } = collect();
    const text = 'x'.repeat(5_000_000);
    const line = Buffer.from(`{"text":"${text}"}\n`);
    for (let i = 0; i < line.length; i += 65_536) reader.push(line.subarray(i, i + 65_536));
    expect(oversize).toEqual([]);
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as { text: string }).text.length).toBe(5_000_000);
  });

  it('drops a line over the cap up to its newline, reports its size, and goes on', () => {
    const { reader, lines, oversize } = collect(1_000);
    reader.push('ok-1\n');
    reader.push('y'.repeat(600));
    reader.push('y'.repeat(600));
    reader.push('y'.repeat(300) + '\nok-2\n');
    expect(oversize).toEqual([1_500]);
    expect(lines).toEqual(['ok-1', 'ok-2']);
  });

  it('accepts a line of exactly the cap and uses 10 MB by default', () => {
    const { reader, lines, oversize } = collect(10);
    reader.push('0123456789\n01234567890\n');
    expect(lines).toEqual(['0123456789']);
    expect(oversize).toEqual([11]);
    expect(MAX_LINE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('reports an oversize line that ends with the stream', () => {
    const { reader, oversize } = collect(4);
    reader.push('123456');
    reader.end();
    expect(oversize).toEqual([6]);
  });
});
