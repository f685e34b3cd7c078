// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { reviewKeyAction } from './review-keys.js';

const press = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('reviewKeyAction', () => {
  const body = document.body;
  it('maps the letters and arrows', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'a', 'r', 'v', 'n', 'p', '?'].map((k) => reviewKeyAction(press(k), body))).toEqual(['next', 'next', 'prev', 'prev', 'approve', 'request-changes', 'toggle-view', 'next-file', 'prev-file', 'help']);
    expect(reviewKeyAction(press('R', { shiftKey: true }), body)).toBe('restart');
    expect(reviewKeyAction(press('x'), body)).toBeNull();
  });

  it('ignores keys typed into fields and chorded with Ctrl/Cmd/Alt, but Escape always closes', () => {
    for (const tag of ['input', 'textarea', 'select']) expect(reviewKeyAction(press('a'), document.createElement(tag))).toBeNull();
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    expect(reviewKeyAction(press('j'), editable)).toBeNull();
    expect(reviewKeyAction(press('a', { ctrlKey: true }), body)).toBeNull();
    expect(reviewKeyAction(press('r', { metaKey: true }), body)).toBeNull();
    expect(reviewKeyAction(press('Escape'), document.createElement('textarea'))).toBe('escape');
  });

  it('leaves Enter on a button or link to that control', () => {
    expect(reviewKeyAction(press('Enter'), body)).toBe('confirm');
    expect(reviewKeyAction(press('Enter'), document.createElement('button'))).toBeNull();
    expect(reviewKeyAction(press('Enter'), document.createElement('a'))).toBeNull();
  });
});
