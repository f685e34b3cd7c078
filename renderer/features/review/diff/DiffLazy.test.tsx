// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addedFilePatch, diffFile, ticketDiff } from './diff-fixtures.test-util.js';
import { renderDiffView } from './diff-view-kit.test-util.js';
import { INITIAL_FILES } from './use-progressive-count.js';

/** happy-dom's IntersectionObserver never reports; this one reports when the test says so. */
class FakeObserver {
  static all = new Set<FakeObserver>();
  readonly targets = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeObserver.all.add(this);
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  disconnect() {
    FakeObserver.all.delete(this);
  }
  unobserve() {}
  takeRecords() {
    return [];
  }
  static reveal(target: Element) {
    for (const observer of [...FakeObserver.all]) {
      if (!observer.targets.has(target)) continue;
      const entry = { target, isIntersecting: true } as unknown as IntersectionObserverEntry;
      observer.callback([entry], observer as unknown as IntersectionObserver);
    }
  }
}

const original = globalThis.IntersectionObserver;
beforeEach(() => {
  globalThis.IntersectionObserver = FakeObserver as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  cleanup();
  globalThis.IntersectionObserver = original;
  FakeObserver.all.clear();
});

// 60 files × 700 lines = 42,000 added lines: far more than one paint may render.
const FILES = Array.from({ length: 60 }, (_, i) => diffFile(`pkg/f${String(i).padStart(2, '0')}.txt`, { status: 'added', additions: 700 }));
const bigDiff = () => ticketDiff(FILES, FILES.map((f) => addedFilePatch(f.path, 700)).join(''));
const section = (path: string) => screen.getAllByTestId('diff-file').find((s) => s.dataset.path === path)!;
const rendered = () => screen.getAllByTestId('diff-file').filter((s) => s.querySelector('table') !== null).map((s) => s.dataset.path);

describe('DiffView lazy rendering', () => {
  it('renders the leading files at once and the rest only as they near the viewport', () => {
    renderDiffView(bigDiff());
    expect(screen.getAllByTestId('diff-file')).toHaveLength(60);
    expect(rendered()).toEqual(['pkg/f00.txt']);
    const placeholder = within(section('pkg/f30.txt')).getByTestId('diff-placeholder');
    expect(placeholder.style.height).toBe('14020px');
    act(() => FakeObserver.reveal(section('pkg/f30.txt')));
    expect(rendered()).toEqual(['pkg/f00.txt', 'pkg/f30.txt']);
  });

  it('renders a file picked in the tree straight away', () => {
    const h = renderDiffView(bigDiff());
    fireEvent.click(screen.getAllByTestId('diff-tree-file').find((f) => f.dataset.path === 'pkg/f45.txt')!);
    expect(h.onSelectPath).toHaveBeenCalledWith('pkg/f45.txt');
    expect(rendered()).toContain('pkg/f45.txt');
    // Picking another file keeps the first one rendered (its open forms and state survive).
    fireEvent.click(screen.getAllByTestId('diff-tree-file').find((f) => f.dataset.path === 'pkg/f50.txt')!);
    expect(rendered()).toEqual(['pkg/f00.txt', 'pkg/f45.txt', 'pkg/f50.txt']);
  });

  it('mounts every section and tree entry of a long file list, the ones past the first few later', () => {
    const files = Array.from({ length: INITIAL_FILES + 40 }, (_, i) => diffFile(`d${String(i).padStart(3, '0')}/a.txt`, { status: 'added', additions: 1 }));
    renderDiffView(ticketDiff(files, files.map((f) => addedFilePatch(f.path, 1)).join('')));
    expect(screen.getAllByTestId('diff-file')).toHaveLength(files.length);
    expect(screen.getAllByTestId('diff-tree-file')).toHaveLength(files.length);
    expect(screen.getAllByTestId('diff-file').at(-1)!.dataset.path).toBe('d099/a.txt');
  });
});
