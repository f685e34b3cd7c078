export type ReviewKeyAction =
  | 'next'
  | 'prev'
  | 'approve'
  | 'request-changes'
  | 'restart'
  | 'confirm'
  | 'toggle-view'
  | 'next-file'
  | 'prev-file'
  | 'escape'
  | 'help';

/** The shortcuts as the help overlay lists them (one source for the handler and the docs). */
export const REVIEW_SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'j / ↓', does: 'next ticket (after the tickets: the audits)' },
  { keys: 'k / ↑', does: 'previous ticket or audit' },
  { keys: 'a', does: 'approve (queue for landing); a configuration change asks again: Enter confirms' },
  { keys: 'r', does: 'request changes (type a summary; Ctrl+Enter sends)' },
  { keys: 'Shift+R', does: 'restart from the base branch (Enter confirms)' },
  { keys: 'v', does: 'unified / split diff' },
  { keys: 'n / p', does: 'next / previous file in the diff' },
  { keys: 'Esc', does: 'close a form or this help' },
  { keys: '?', does: 'show or hide this help' },
];

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** True where keys are text: a shortcut letter there is typing, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target as Element).tagName) return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable;
}

/** Maps a key press to the inbox's action; null leaves it to the page (and the browser). */
export function reviewKeyAction(e: KeyLike, target: EventTarget | null): ReviewKeyAction | null {
  if (e.key === 'Escape') return 'escape';
  if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(target)) return null;
  // Enter on a focused button or link is that control's own click.
  if (e.key === 'Enter') return isControl(target) ? null : 'confirm';
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'prev';
    case 'a':
      return 'approve';
    case 'r':
      return 'request-changes';
    case 'R':
      return e.shiftKey ? 'restart' : null;
    case 'v':
      return 'toggle-view';
    case 'n':
      return 'next-file';
    case 'p':
      return 'prev-file';
    case '?':
      return 'help';
    default:
      return null;
  }
}

function isControl(target: EventTarget | null): boolean {
  const tag = (target as Element | null)?.tagName?.toLowerCase();
  return tag === 'button' || tag === 'a' || tag === 'summary';
}
