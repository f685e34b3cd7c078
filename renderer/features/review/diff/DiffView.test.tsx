// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { addedFilePatch, diffFile, sampleDiff, ticketDiff } from './diff-fixtures.test-util.js';
import { renderDiffView } from './diff-view-kit.test-util.js';

afterEach(cleanup);

const section = (path: string) => screen.getAllByTestId('diff-file').find((s) => s.dataset.path === path)!;
const treeEntry = (path: string) => screen.getAllByTestId('diff-tree-file').find((s) => s.dataset.path === path)!;
const gutters = (path: string) => within(section(path)).queryAllByTestId('diff-line-gutter');

describe('DiffView', () => {
  it('shows the file tree and one section per file, in tree order', () => {
    renderDiffView(sampleDiff({ dirty: true }));
    expect(screen.getAllByTestId('diff-file').map((s) => s.dataset.path)).toEqual([
      'src/lib/math.ts', 'src/after.md', 'img.bin', 'new.py', 'old.txt',
    ]);
    expect(treeEntry('src/lib/math.ts').textContent).toBe('Mmath.ts+3 −2');
    expect(treeEntry('old.txt').textContent).toBe('Dold.txt+0 −3');
    expect(treeEntry('src/after.md').textContent).toContain('R');
    expect(treeEntry('img.bin').textContent).toContain('bin');
    expect(screen.getByTestId('diff-summary').textContent).toContain('5 files changed+5 −6against main 01234567');
    expect(screen.getByTestId('diff-summary').textContent).toContain('includes uncommitted changes');
    expect(within(section('src/after.md')).getByTestId('diff-file-path').textContent).toBe('src/before.md → src/after.md');
    expect(within(section('img.bin')).getByTestId('diff-binary').textContent).toBe('Binary file — not shown');
    expect(screen.queryByTestId('diff-truncated')).toBeNull();
  });

  it('renders line numbers, then syntax highlighting and word-level edits', async () => {
    renderDiffView(sampleDiff());
    const math = section('src/lib/math.ts');
    expect(gutters('src/lib/math.ts').map((g) => g.textContent)).toEqual(['1', '1', '2', '3', '4', '5', '5', '6']);
    // Rows show as plain text first; tokens arrive from the tokenizer.
    expect(math.querySelector('.token')).toBeNull();
    await waitFor(() => expect(math.querySelector('.diff-code-insert .token.keyword')?.textContent).toBe('export'));
    const edits = [...math.querySelectorAll('.diff-code-insert .diff-code-edit')].map((e) => e.textContent).join('');
    expect(edits).toContain(': number');
    expect(math.querySelector('.diff-hunk-header')?.textContent).toBe('@@ -1,5 +1,6 @@');
  });

  it('switches between unified and split views', () => {
    const h = renderDiffView(sampleDiff());
    const row = () => section('src/after.md').querySelector('.diff-code-insert')!.closest('tr')!;
    expect(section('src/after.md').querySelector('table')!.classList.contains('diff-unified')).toBe(true);
    // Unified: old gutter, new gutter, code; the removed line is a row of its own.
    expect(row().children).toHaveLength(3);
    h.setViewType('split');
    expect(screen.getByTestId('diff-view').dataset.viewType).toBe('split');
    expect(section('src/after.md').querySelector('table')!.classList.contains('diff-split')).toBe(true);
    // Split: the removed and added line side by side in one row.
    expect(row().children).toHaveLength(4);
    expect(row().textContent).toBe('3line33line3 changed');
  });

  it('collapses a large file with the reason, and shows it on request in steps', () => {
    const diff = ticketDiff([diffFile('big.txt', { status: 'added', additions: 1_200 })], addedFilePatch('big.txt', 1_200));
    renderDiffView(diff);
    const notice = within(section('big.txt')).getByTestId('diff-large');
    expect(notice.textContent).toContain('1,200 changed lines');
    expect(gutters('big.txt')).toHaveLength(0);
    fireEvent.click(within(notice).getByRole('button', { name: 'Show 1,200 lines' }));
    expect(gutters('big.txt')).toHaveLength(1_000);
    fireEvent.click(screen.getByRole('button', { name: 'Show next 200 lines' }));
    expect(gutters('big.txt')).toHaveLength(1_200);
    expect(screen.queryByTestId('diff-show-more')).toBeNull();
    // The header toggle collapses it again.
    fireEvent.click(screen.getByRole('button', { name: 'Collapse big.txt' }));
    expect(gutters('big.txt')).toHaveLength(0);
  });

  it('loads an omitted file on demand and renders it', async () => {
    const files = [diffFile('gen/huge.ts', { additions: 3, patch_omitted: true })];
    const h = renderDiffView(ticketDiff(files, '', { truncated: true }));
    expect(screen.getByTestId('diff-truncated')).toBeTruthy();
    h.loadFilePatch.mockResolvedValueOnce(ticketDiff([{ ...files[0]!, patch_omitted: false }], addedFilePatch('gen/huge.ts', 3)));
    fireEvent.click(screen.getByRole('button', { name: 'Load diff' }));
    expect(h.loadFilePatch).toHaveBeenCalledWith('gen/huge.ts');
    await waitFor(() => expect(gutters('gen/huge.ts')).toHaveLength(3));
    expect(screen.queryByTestId('diff-omitted')).toBeNull();
  });

  it('shows a failed load inline and retries', async () => {
    const files = [diffFile('gen/huge.ts', { additions: 3, patch_omitted: true })];
    const h = renderDiffView(ticketDiff(files, ''));
    h.loadFilePatch.mockRejectedValueOnce({ code: 'network_error', message: 'the engine is unreachable' });
    fireEvent.click(screen.getByRole('button', { name: 'Load diff' }));
    await waitFor(() => expect(screen.getByTestId('diff-load-error').textContent).toContain('the engine is unreachable'));
    // An answer without the file is an error too, not a blank section.
    h.loadFilePatch.mockResolvedValueOnce(ticketDiff([], ''));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId('diff-load-error').textContent).toContain('no changes for this file'));
    h.loadFilePatch.mockResolvedValueOnce(ticketDiff(files, addedFilePatch('gen/huge.ts', 3)));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(gutters('gen/huge.ts')).toHaveLength(3));
    expect(h.loadFilePatch).toHaveBeenCalledTimes(3);
  });

  it('read-only: the lines and their numbers show, with no comment buttons in either view', () => {
    const h = renderDiffView(sampleDiff(), { readOnly: true });
    const math = section('src/lib/math.ts');
    expect(math.textContent).toContain('return a + b;');
    const numbers = [...math.querySelectorAll('td.diff-gutter')].map((g) => g.textContent).filter(Boolean);
    // Old and new numbers, row by row: -1, +1, +2, then context lines carry both.
    expect(numbers).toEqual(['1', '1', '2', '2', '3', '3', '4', '4', '5', '5', '6']);
    expect(screen.queryAllByTestId('diff-line-gutter')).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: /^Comment on/ })).toHaveLength(0);
    h.setViewType('split');
    expect(section('src/after.md').querySelector('table')!.classList.contains('diff-split')).toBe(true);
    expect(screen.queryAllByTestId('diff-line-gutter')).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: /^Comment on/ })).toHaveLength(0);
  });

  it('says there is nothing to review for an empty diff', () => {
    renderDiffView(ticketDiff([], '', { base_ref: 'develop' }));
    expect(screen.getByTestId('diff-empty').textContent).toBe('No changes against develop');
  });

  it('shows the files even when the patch cannot be matched', () => {
    renderDiffView(ticketDiff([diffFile('a.ts', { additions: 1 })], 'garbage that is not a diff'));
    expect(within(section('a.ts')).getByText(/No line changes to show/)).toBeTruthy();
  });
});

describe('DiffView file tree', () => {
  it('folders collapse, and a file click selects it', () => {
    const h = renderDiffView(sampleDiff());
    fireEvent.click(screen.getAllByTestId('diff-tree-folder').find((f) => f.dataset.path === 'src')!);
    expect(screen.getAllByTestId('diff-tree-file').map((f) => f.dataset.path)).toEqual(['img.bin', 'new.py', 'old.txt']);
    fireEvent.click(treeEntry('new.py'));
    expect(h.onSelectPath).toHaveBeenCalledWith('new.py');
    expect(treeEntry('new.py').getAttribute('aria-current')).toBe('true');
    expect(section('new.py').classList.contains('selected')).toBe(true);
  });

  it('follows a selection made by the parent', () => {
    renderDiffView(sampleDiff(), { selectedPath: 'old.txt' });
    expect(treeEntry('old.txt').getAttribute('aria-current')).toBe('true');
    expect(section('old.txt').classList.contains('selected')).toBe(true);
  });
});
