import type { EventsResponse } from '../../../shared/api/schemas.js';
import type { ClientMessage, ServerMessage } from '../../../shared/api/ws-messages.js';
import type { ApiError, ApiResult } from '../../lib/api-client.js';
import type { SocketStatus } from '../../lib/live-socket.js';
import type { TraceFeed } from './trace-feed.js';

/** Page size: the API's maximum, so a 100,000-event trace loads in 100 requests. */
export const TRACE_PAGE_SIZE = 1_000;

export interface TraceSource {
  listEvents(identifier: string, after: number, limit: number): Promise<ApiResult<EventsResponse>>;
}

export interface TraceSocket {
  readonly current: SocketStatus;
  send(message: ClientMessage): boolean;
  onMessage(listener: (message: ServerMessage) => void): () => void;
  onStatus(listener: (status: SocketStatus) => void): () => void;
}

export interface TraceLoadState {
  loading: boolean;
  /** All pages up to the live edge are in; live pushes keep it current from there. */
  complete: boolean;
  error: ApiError | null;
}

/**
 * Fills a TraceFeed for one ticket: pages through `GET …/events` (after / next_after) and takes live
 * `trace` pushes after `trace.subscribe`. Pages and pushes may overlap; the feed drops duplicates.
 * After a reconnect, or a `resync` (pushes were dropped while the socket was slow), it pages again
 * from the last point known to have nothing missing: pushes arrive in seq order, so everything
 * received before the gap opened is complete.
 */
export class TraceLoader {
  private current: TraceLoadState = { loading: false, complete: false, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly unlisten: Array<() => void> = [];
  /** Where paging stands; everything up to it has been fetched. */
  private cursor = 0;
  private pendingFrom: number | null = null;
  private running = false;
  private disposed = false;

  constructor(
    private readonly identifier: string,
    private readonly feed: TraceFeed,
    private readonly api: TraceSource,
    private readonly socket: TraceSocket,
    private readonly pageSize = TRACE_PAGE_SIZE,
  ) {}

  start(): void {
    this.unlisten.push(
      this.socket.onMessage((message) => {
        if (message.type === 'trace' && message.event.issue_identifier === this.identifier) this.feed.add([message.event]);
        else if (message.type === 'resync') void this.catchUp(this.resumePoint());
      }),
      this.socket.onStatus((status) => {
        if (status === 'open') {
          this.subscribe();
          void this.catchUp(this.resumePoint());
        }
      }),
    );
    if (this.socket.current === 'open') this.subscribe();
    void this.catchUp(0);
  }

  get state(): TraceLoadState {
    return this.current;
  }

  onState(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a failed page: try again from where it stopped. */
  retry(): void {
    void this.catchUp(this.resumePoint());
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.unlisten.splice(0)) off();
    this.socket.send({ type: 'trace.unsubscribe' });
    this.listeners.clear();
  }

  private subscribe(): void {
    this.socket.send({ type: 'trace.subscribe', issue_identifier: this.identifier });
  }

  /** Once complete, live pushes extend the gapless range; before that only the page cursor does. */
  private resumePoint(): number {
    return this.current.complete ? Math.max(this.cursor, this.feed.lastSeq) : this.cursor;
  }

  private async catchUp(from: number): Promise<void> {
    this.pendingFrom = this.pendingFrom === null ? from : Math.min(this.pendingFrom, from);
    if (this.running || this.disposed) return;
    this.running = true;
    this.setState({ loading: true, complete: false, error: null });
    let error: ApiError | null = null;
    while (this.pendingFrom !== null && error === null && !this.disposed) {
      let after = this.pendingFrom;
      this.pendingFrom = null;
      for (;;) {
        const page = await this.api.listEvents(this.identifier, after, this.pageSize);
        if (this.disposed) return;
        if (!page.ok) {
          error = page.error;
          break;
        }
        this.feed.add(page.value.events);
        after = page.value.next_after;
        this.cursor = after;
        if (page.value.events.length < this.pageSize) break;
        // A reconnect asked for an earlier point meanwhile: start over from there.
        if (this.pendingFrom !== null && this.pendingFrom < after) break;
      }
    }
    this.running = false;
    this.setState({ loading: false, complete: error === null, error });
  }

  private setState(state: TraceLoadState): void {
    this.current = state;
    for (const listener of [...this.listeners]) listener();
  }
}
