import { memo, useCallback, useEffect, useRef, useState, useTransition } from 'react';
import type { FileData } from 'react-diff-view';
import type { DiffFile, LineComment, TicketDiff } from '../../../../shared/api/review-schemas.js';
import { changedLines, isLargeFile, LARGE_FILE_CHANGED_LINES, parsedFor, parsePatch, rowCount } from './diff-model.js';
import type { DraftComment } from './draft-comment.js';
import { FileDiff } from './FileDiff.js';
import { FileHeader } from './FileHeader.js';
import { RENDER_STEP_ROWS } from './hunk-slice.js';
import { errorText, OmittedPatch, type LoadState } from './OmittedPatch.js';
import { useSeen } from './use-seen.js';

/** Row height in px assumed for a file not rendered yet (diff.css sets rows to this line height). */
const ESTIMATED_ROW_PX = 20;

export interface FileSectionProps {
  file: DiffFile;
  parsed: FileData | null;
  viewType: 'unified' | 'split';
  comments: readonly DraftComment[];
  /** Render the hunks now rather than when the section nears the viewport. */
  eager: boolean;
  selected: boolean;
  register(path: string, element: HTMLElement | null): void;
  onAddComment(comment: LineComment): void;
  onRemoveComment(id: string): void;
  loadFilePatch(path: string): Promise<TicketDiff>;
  readOnly: boolean;
  /** Why this file is trusted configuration, or null. */
  trusted?: string | null;
}

/** Memoized: selecting a file or adding a comment re-renders only the sections it concerns. */
export const FileSection = memo(function FileSection(props: FileSectionProps) {
  const { file, parsed, viewType, comments, eager, selected, register } = props;
  const [expanded, setExpanded] = useState(() => !isLargeFile(file) || file.patch_omitted || file.binary);
  const [expanding, startExpanding] = useTransition();
  const [loaded, setLoaded] = useState<FileData | null>(null);
  const [load, setLoad] = useState<LoadState>({ state: 'idle' });
  const element = useRef<HTMLElement | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const seen = useSeen(element, !eager && !selected);
  // Once rendered a file stays rendered, so an open comment form survives selecting another file.
  const [rendered, setRendered] = useState(false);
  if (!rendered && (eager || selected || seen)) setRendered(true);
  const setElement = useCallback(
    (el: HTMLElement | null) => {
      element.current = el;
      register(file.path, el);
    },
    [register, file.path],
  );

  const loadPatch = async () => {
    setLoad({ state: 'loading' });
    try {
      const answer = await props.loadFilePatch(file.path);
      const parse = parsePatch(answer.patch);
      const found = parsedFor(parse.files, file);
      if (!alive.current) return;
      if (found === null) setLoad({ state: 'error', message: parse.ok ? 'the engine sent no changes for this file' : parse.error });
      else {
        setLoaded(found);
        setLoad({ state: 'idle' });
      }
    } catch (error) {
      if (alive.current) setLoad({ state: 'error', message: errorText(error) });
    }
  };

  const data = loaded ?? (file.patch_omitted ? null : parsed);
  const body = () => {
    if (!expanded) {
      if (!isLargeFile(file) || loaded !== null) return null;
      const lines = changedLines(file).toLocaleString();
      return (
        <div className="diff-file-notice" data-testid="diff-large">
          <span>
            Large diff ({lines} changed lines; files over {LARGE_FILE_CHANGED_LINES} start collapsed to keep the page responsive).
          </span>
          <button type="button" data-testid="diff-expand" disabled={expanding} onClick={() => startExpanding(() => setExpanded(true))}>
            {expanding ? 'Rendering…' : `Show ${lines} lines`}
          </button>
        </div>
      );
    }
    if (file.binary) return <div className="diff-file-notice" data-testid="diff-binary">Binary file — not shown</div>;
    if (data === null && file.patch_omitted) return <OmittedPatch load={load} onLoad={() => void loadPatch()} />;
    if (data === null || data.hunks.length === 0) {
      return <div className="diff-file-notice">No line changes to show (an empty file, or only its mode or name changed).</div>;
    }
    if (!rendered && !eager && !selected && !seen) {
      const rows = Math.min(rowCount(data.hunks), RENDER_STEP_ROWS) + data.hunks.length;
      return <div className="diff-placeholder" data-testid="diff-placeholder" style={{ height: rows * ESTIMATED_ROW_PX }} />;
    }
    return (
      <FileDiff
        path={file.path}
        diffType={data.type}
        hunks={data.hunks}
        viewType={viewType}
        comments={comments}
        onAddComment={props.onAddComment}
        onRemoveComment={props.onRemoveComment}
        readOnly={props.readOnly}
      />
    );
  };

  return (
    <section
      ref={setElement}
      className={selected ? 'diff-file selected' : 'diff-file'}
      data-testid="diff-file"
      data-path={file.path}
      aria-label={file.path}
    >
      <FileHeader file={file} expanded={expanded} commentCount={comments.length} trusted={props.trusted ?? null} onToggle={() => setExpanded((v) => !v)} />
      {body()}
    </section>
  );
});
