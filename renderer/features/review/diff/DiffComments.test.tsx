// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleDiff } from './diff-fixtures.test-util.js';
import { renderDiffView } from './diff-view-kit.test-util.js';

afterEach(cleanup);

const section = (path: string) => screen.getAllByTestId('diff-file').find((s) => s.dataset.path === path)!;
const gutter = (path: string, key: string) =>
  within(section(path)).getAllByTestId('diff-line-gutter').find((g) => g.dataset.changeKey === key)!;

describe('DiffView inline comments', () => {
  it('adds a comment from the keyboard: Enter on the line, type, Ctrl+Enter', () => {
    const h = renderDiffView(sampleDiff());
    const line = gutter('src/lib/math.ts', 'I2');
    line.focus();
    fireEvent.keyDown(line, { key: 'Enter' });
    const form = screen.getByTestId('diff-comment-form');
    const textarea = within(form).getByRole('textbox', { name: 'Comment on src/lib/math.ts line 2' });
    expect(document.activeElement).toBe(textarea);
    // An empty comment cannot be added.
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    expect(h.onAddComment).not.toHaveBeenCalled();
    fireEvent.change(textarea, { target: { value: '  Drop this comment line.  ' } });
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    expect(h.onAddComment).toHaveBeenCalledWith({ path: 'src/lib/math.ts', line: 2, body: 'Drop this comment line.' });
    expect(screen.queryByTestId('diff-comment-form')).toBeNull();
    // The comment shows under its line and focus is back on the line.
    const widget = screen.getByTestId('diff-comment');
    expect(widget.textContent).toContain('Drop this comment line.');
    expect(widget.closest('tr')!.previousElementSibling!.contains(gutter('src/lib/math.ts', 'I2'))).toBe(true);
    expect(document.activeElement).toBe(gutter('src/lib/math.ts', 'I2'));
  });

  it('Escape cancels the form and returns focus to the line; the buttons work too', () => {
    const h = renderDiffView(sampleDiff());
    fireEvent.click(gutter('new.py', 'I1'));
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Escape' });
    expect(screen.queryByTestId('diff-comment-form')).toBeNull();
    expect(document.activeElement).toBe(gutter('new.py', 'I1'));
    fireEvent.click(gutter('new.py', 'I1'));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Use logging.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add comment' }));
    expect(h.onAddComment).toHaveBeenCalledWith({ path: 'new.py', line: 1, body: 'Use logging.' });
  });

  it('a comment on a removed line targets the new-side line that replaced it', () => {
    const h = renderDiffView(sampleDiff());
    const removed = gutter('src/after.md', 'D3');
    expect(removed.getAttribute('aria-label')).toBe('Comment on removed line 3 (new line 3)');
    fireEvent.keyDown(removed, { key: 'Enter' });
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Why?' } });
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', metaKey: true });
    expect(h.onAddComment).toHaveBeenCalledWith({ path: 'src/after.md', line: 3, body: 'Why?' });
  });

  it('renders existing comments under their lines, elsewhere when off the hunks, and Remove removes', () => {
    const h = renderDiffView(sampleDiff(), {
      comments: [
        { id: 'c1', path: 'src/lib/math.ts', line: 6, body: 'Why 2?' },
        { id: 'c2', path: 'src/lib/math.ts', line: 99, body: 'Off the hunks' },
        { id: 'c3', path: 'old.txt', line: 2, body: 'Keep this file' },
      ],
    });
    const widgets = screen.getAllByTestId('diff-comment');
    expect(widgets.map((w) => w.dataset.commentId)).toEqual(['c1', 'c2', 'c3']);
    expect(within(section('src/lib/math.ts')).getByTestId('diff-comments-elsewhere').textContent).toContain('Off the hunks');
    expect(section('src/lib/math.ts').textContent).toContain('2 comments');
    // The deleted file's comment sits under its removed line 2.
    expect(widgets[2]!.closest('tr')!.previousElementSibling!.contains(gutter('old.txt', 'D2'))).toBe(true);
    fireEvent.click(within(widgets[0]!).getByRole('button', { name: 'Remove comment on line 6' }));
    expect(h.onRemoveComment).toHaveBeenCalledWith('c1');
    expect(screen.getAllByTestId('diff-comment').map((w) => w.dataset.commentId)).toEqual(['c2', 'c3']);
    expect(document.activeElement).toBe(gutter('src/lib/math.ts', 'I6'));
  });

  it('keeps comments and open forms in split view', () => {
    const h = renderDiffView(sampleDiff(), { viewType: 'split', comments: [{ id: 'c1', path: 'src/lib/math.ts', line: 3, body: 'Context note' }] });
    expect(screen.getByTestId('diff-comment').textContent).toContain('Context note');
    // A context line's widget spans both sides.
    expect(screen.getByTestId('diff-comment').closest('td')!.getAttribute('colspan')).toBe('4');
    fireEvent.keyDown(gutter('src/lib/math.ts', 'I1'), { key: 'Enter' });
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Typed' } });
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', ctrlKey: true });
    expect(h.onAddComment).toHaveBeenCalledWith({ path: 'src/lib/math.ts', line: 1, body: 'Typed' });
  });
});
