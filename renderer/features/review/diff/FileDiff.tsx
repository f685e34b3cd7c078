import { startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from 'react';
import { Decoration, Diff, Hunk, getChangeKey, isDelete, type FileData, type GutterOptions, type HunkData, type HunkTokens } from 'react-diff-view';
import type { LineComment } from '../../../../shared/api/review-schemas.js';
import { CommentForm } from './CommentForm.js';
import { commentLinesOf, placeComments } from './comment-lines.js';
import { rowCount } from './diff-model.js';
import type { DraftComment } from './draft-comment.js';
import { languageFor } from './highlight.js';
import { RENDER_STEP_ROWS, sliceHunks } from './hunk-slice.js';
import { LineComments, LineWidget } from './LineWidget.js';
import { TokenizerContext } from './tokenizer-context.js';

interface FileDiffProps {
  path: string;
  diffType: FileData['type'];
  hunks: HunkData[];
  viewType: 'unified' | 'split';
  comments: readonly DraftComment[];
  onAddComment(comment: LineComment): void;
  onRemoveComment(id: string): void;
  /** Plain line numbers: no comment button on the gutters. */
  readOnly: boolean;
}

const hunkKey = (h: HunkData) => `${h.oldStart},${h.oldLines},${h.newStart},${h.newLines}`;

/** One file's hunks as a table, RENDER_STEP_ROWS rows at a time, with line comments. */
export function FileDiff({ path, diffType, hunks, viewType, comments, onAddComment, onRemoveComment, readOnly }: FileDiffProps) {
  const [rowLimit, setRowLimit] = useState(RENDER_STEP_ROWS);
  const [growing, startGrowing] = useTransition();
  const [openForms, setOpenForms] = useState<ReadonlySet<string>>(() => new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);

  const total = useMemo(() => rowCount(hunks), [hunks]);
  const shown = useMemo(() => sliceHunks(hunks, rowLimit), [hunks, rowLimit]);
  const tokens = useTokens(shown, path);
  const lines = useMemo(() => commentLinesOf(hunks), [hunks]);
  const placement = useMemo(() => placeComments(shown, comments), [shown, comments]);

  // Focus goes back to the line's gutter button when its form closes or a comment is removed.
  useEffect(() => {
    if (focusKey === null) return;
    container.current?.querySelector<HTMLButtonElement>(`button[data-change-key="${focusKey}"]`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const setForm = useCallback((key: string, open: boolean) => {
    setOpenForms((prev) => {
      const next = new Set(prev);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
    if (!open) setFocusKey(key);
  }, []);

  const renderGutter = useCallback(
    ({ change, side, renderDefault }: GutterOptions) => {
      const removed = isDelete(change);
      if (removed ? side !== 'old' : side !== 'new') return renderDefault();
      const key = getChangeKey(change);
      const line = lines.get(key) ?? 1;
      const label = removed ? `Comment on removed line ${change.lineNumber} (new line ${line})` : `Comment on line ${line}`;
      return (
        <button
          type="button"
          className="diff-line-button"
          data-testid="diff-line-gutter"
          data-change-key={key}
          data-line={line}
          aria-label={label}
          title={label}
          onClick={() => setForm(key, true)}
          onKeyDown={(event) => {
            // Handled here rather than left to the button's native activation so the inbox's own
            // Enter shortcut never sees it, and so it works the same in every DOM.
            if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
            event.preventDefault();
            event.stopPropagation();
            setForm(key, true);
          }}
        >
          {renderDefault()}
        </button>
      );
    },
    [lines, setForm],
  );

  const widgets = useMemo(() => {
    const out: Record<string, ReactNode> = {};
    for (const key of new Set([...placement.byChange.keys(), ...openForms])) {
      const list = placement.byChange.get(key) ?? [];
      const line = lines.get(key) ?? 1;
      out[key] = (
        <LineWidget>
          {list.length > 0 && (
            <LineComments
              comments={list}
              onRemove={(comment) => {
                onRemoveComment(comment.id);
                setFocusKey(key);
              }}
            />
          )}
          {openForms.has(key) && (
            <CommentForm
              path={path}
              line={line}
              onCancel={() => setForm(key, false)}
              onSubmit={(body) => {
                onAddComment({ path, line, body });
                setForm(key, false);
              }}
            />
          )}
        </LineWidget>
      );
    }
    return out;
  }, [placement, openForms, lines, path, onAddComment, onRemoveComment, setForm]);

  const shownRows = Math.min(rowLimit, total);
  return (
    <div className="diff-file-body" ref={container}>
      <Diff viewType={viewType} diffType={diffType} hunks={shown} tokens={tokens} widgets={widgets} renderGutter={readOnly ? undefined : renderGutter}>
        {(list) =>
          list.flatMap((hunk) => [
            <Decoration key={`d${hunkKey(hunk)}`}>
              <span className="diff-hunk-header">{hunk.content}</span>
            </Decoration>,
            <Hunk key={`h${hunkKey(hunk)}`} hunk={hunk} />,
          ])
        }
      </Diff>
      {shownRows < total && (
        <div className="diff-more">
          <span>
            Showing {shownRows.toLocaleString()} of {total.toLocaleString()} lines.
          </span>
          <button
            type="button"
            data-testid="diff-show-more"
            disabled={growing}
            onClick={() => startGrowing(() => setRowLimit((limit) => limit + RENDER_STEP_ROWS))}
          >
            {growing ? 'Rendering…' : `Show next ${Math.min(RENDER_STEP_ROWS, total - shownRows).toLocaleString()} lines`}
          </button>
        </div>
      )}
      {placement.elsewhere.length > 0 && (
        <div className="diff-comments-elsewhere" data-testid="diff-comments-elsewhere">
          <div className="diff-muted">Comments on lines not shown above</div>
          <LineComments comments={placement.elsewhere} onRemove={(comment) => onRemoveComment(comment.id)} />
        </div>
      )}
    </div>
  );
}

/**
 * Tokens for the rendered hunks, computed off the main thread: rows show as plain text first.
 * Tokens of a shorter slice stay in use until the longer one's arrive (they index by line number).
 */
function useTokens(hunks: HunkData[], path: string): HunkTokens | null {
  const tokenizer = useContext(TokenizerContext);
  const [tokens, setTokens] = useState<HunkTokens | null>(null);
  useEffect(() => {
    if (tokenizer === null || hunks.length === 0) return;
    let live = true;
    const job = tokenizer.request(hunks, languageFor(path));
    void job.promise.then((next) => {
      if (live && next !== null) startTransition(() => setTokens(next));
    });
    return () => {
      live = false;
      job.cancel();
    };
  }, [tokenizer, hunks, path]);
  return tokens;
}
