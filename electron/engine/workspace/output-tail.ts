/**
 * Keeps only the last `limitBytes` of a byte stream. Hook output is unbounded (`npm ci` can print
 * megabytes) and the part that explains a failure is almost always at the end, so a bounded tail
 * gives the useful excerpt without letting a chatty hook grow the engine's memory.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private dropped = 0;

  constructor(private readonly limitBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limitBytes && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.bytes - this.limitBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.bytes -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.bytes -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Bytes discarded from the front so far. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** The kept tail as UTF-8; a character cut at the front shows as U+FFFD. */
  text(): string {
    return Buffer.concat(this.chunks, this.bytes).toString('utf8');
  }
}
