/*
 * Scripts that run inside the page (plain JavaScript strings: the bench is compiled without the
 * DOM library). Times are `performance.now()` values, whose origin is the navigation start.
 */

/**
 * Installed before the app loads: notes when the board is first complete — loaded, every column
 * rendered, and the column counts adding up to the expected total — then when the next frame
 * starts (rAF) and when that frame has been painted (a task queued from the rAF callback).
 */
export function readyProbe(expectedTotal: number): string {
  return `(() => {
    const probe = { dom: null, frame: null, painted: null };
    window.__boardProbe = probe;
    const complete = () => {
      const board = document.querySelector('[data-testid="board"][data-loaded="true"]');
      if (!board) return false;
      let sum = 0;
      for (const c of board.querySelectorAll('.board-column .column-count')) sum += Number(c.textContent);
      return sum === ${expectedTotal};
    };
    const observer = new MutationObserver(() => {
      if (probe.dom !== null || !complete()) return;
      probe.dom = performance.now();
      observer.disconnect();
      requestAnimationFrame((t) => {
        probe.frame = performance.now();
        setTimeout(() => (probe.painted = performance.now()), 0);
      });
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  })()`;
}

/** What is on the page right now: cards mounted, DOM elements, and where the tickets fetch ended. */
export const countProbe = `(() => {
  const tickets = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/tickets'));
  return {
    cards: document.querySelectorAll('.board [data-card-id]').length,
    nodes: document.getElementsByTagName('*').length,
    ticketsFetchStart: tickets ? tickets.startTime : null,
    ticketsFetchEnd: tickets ? tickets.responseEnd : null,
    ticketsBytes: tickets ? tickets.transferSize : null,
  };
})()`;

/**
 * Scrolls one column to its end, one step per frame, and records the frame intervals and the most
 * cards mounted at any moment: virtualization must keep both low while cards come and go.
 */
export function scrollProbe(state: string, stepPx: number): string {
  return `new Promise((resolve) => {
    const el = document.querySelector('[data-testid="column-scroll-${state}"]');
    const frames = [];
    let maxCards = 0;
    let last = performance.now();
    const step = () => {
      const now = performance.now();
      frames.push(now - last);
      last = now;
      maxCards = Math.max(maxCards, document.querySelectorAll('.board [data-card-id]').length);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return resolve({ frames: frames.slice(1), maxCards, scrolled: el.scrollTop });
      el.scrollTop += ${stepPx};
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`;
}

/**
 * Drag feedback. A capture listener notes each pointermove (its input timestamp and when it is
 * dispatched); a MutationObserver on the DragOverlay sees the transform change. For each move:
 * input → transform written, dispatch → written (dnd-kit + React: the part Baton controls), and
 * input → painted (the frame after the write: rAF, then a task queued from it — the two-frame
 * method).
 */
export const dragProbe = `(() => {
  const moves = [];
  const records = [];
  window.__dragProbe = { records };
  window.addEventListener('pointermove', (e) => moves.push({ input: e.timeStamp, dispatch: performance.now() }), { capture: true });
  let watched = null;
  const watch = () => {
    const overlay = document.querySelector('[data-testid="drag-overlay"]');
    const target = overlay && overlay.parentElement;
    if (!target || target === watched) return;
    watched = target;
    let lastTransform = target.style.transform;
    new MutationObserver(() => {
      const transform = target.style.transform;
      if (transform === lastTransform || moves.length === 0) return;
      lastTransform = transform;
      const written = performance.now();
      const move = moves[moves.length - 1];
      moves.length = 0;
      const record = { input: move.input, dispatch: move.dispatch, written, painted: null };
      records.push(record);
      requestAnimationFrame(() => setTimeout(() => (record.painted = performance.now()), 0));
    }).observe(target, { attributes: true, attributeFilter: ['style'] });
  };
  // The document, not body: this runs before <body> exists.
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
})()`;

/** Resolves after two frames: whatever the last input caused has been rendered and painted. */
export const twoFrames = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))`;
