import { useCallback, useEffect, useMemo, useState, type JSX } from 'react';
import 'react-diff-view/style/index.css';
import type { LineComment, TicketDiff } from '../../../../shared/api/review-schemas.js';
import './diff.css';
import type { DraftComment } from './draft-comment.js';
import { DiffSummary } from './DiffSummary.js';
import { eagerPaths } from './eager-files.js';
import { parsedFor, parsePatch } from './diff-model.js';
import { buildFileTree, filesInTreeOrder } from './file-tree.js';
import { FileSection } from './FileSection.js';
import { FileTree } from './FileTree.js';
import { NearViewport } from './near-viewport.js';
import { createTokenizer } from './tokenizer.js';
import { TokenizerContext } from './tokenizer-context.js';
import { useFileScroll } from './use-file-scroll.js';
import { useProgressiveCount } from './use-progressive-count.js';
import { NearViewportContext } from './use-seen.js';

export interface DiffViewProps {
  diff: TicketDiff;
  /** 'unified' | 'split'; controlled by the parent (keyboard toggle lives in the inbox). */
  viewType: 'unified' | 'split';
  comments: DraftComment[];
  onAddComment(comment: LineComment): void;
  onRemoveComment(id: string): void;
  /** Fetch the hunks of a file whose patch was omitted (GET .../diff?path=). */
  loadFilePatch(path: string): Promise<TicketDiff>;
  /** Path to scroll to / highlight (file tree selection controlled by parent), optional. */
  selectedPath?: string | null;
  onSelectPath?(path: string): void;
  /** A change that takes no line comments (an audit of a landing): no comment buttons on the gutters. */
  readOnly?: boolean;
}

const NO_COMMENTS: readonly DraftComment[] = [];

/**
 * A ticket's diff: the file tree on the left, one section per file on the right (in tree order).
 * Built to stay responsive on a 50,000-line diff: the first INITIAL_FILES sections mount at once
 * and the rest in a transition; a section's rows render only when it is within EAGER_ROWS of the
 * top or nears the viewport; large files start collapsed; a file renders RENDER_STEP_ROWS rows at
 * a time; highlighting runs in a worker. Mount it with `key={identifier}` per ticket.
 */
export function DiffView(props: DiffViewProps): JSX.Element {
  const { diff, viewType, comments, onAddComment, onRemoveComment, loadFilePatch, onSelectPath, readOnly = false } = props;
  const parse = useMemo(() => parsePatch(diff.patch), [diff.patch]);
  const tree = useMemo(() => buildFileTree(diff.files), [diff.files]);
  const ordered = useMemo(() => filesInTreeOrder(tree), [tree]);
  const count = useProgressiveCount(ordered.length);
  const shownFiles = useMemo(() => (count < ordered.length ? ordered.slice(0, count) : ordered), [ordered, count]);
  // The leading files in tree order form a prefix of the tree, so the partial tree matches.
  const shownTree = useMemo(() => (count < ordered.length ? buildFileTree(shownFiles) : tree), [tree, shownFiles, count, ordered.length]);
  const eager = useMemo(() => eagerPaths(ordered, parse.files), [ordered, parse.files]);
  // Files that are trusted configuration (the workflow, scripts hooks run) carry a badge and its reason.
  const trusted = useMemo(() => new Map((diff.config_files ?? []).map((f) => [f.path, f.why])), [diff.config_files]);
  const commentsByPath = useMemo(() => {
    const by = new Map<string, DraftComment[]>();
    for (const comment of comments) by.set(comment.path, [...(by.get(comment.path) ?? []), comment]);
    return by;
  }, [comments]);

  const { pane, register, scrollTo } = useFileScroll();
  const [tokenizer] = useState(createTokenizer);
  useEffect(() => () => tokenizer.dispose(), [tokenizer]);
  const [near] = useState(() => new NearViewport(() => pane.current));
  useEffect(() => () => near.dispose(), [near]);

  const [localSelected, setLocalSelected] = useState<string | null>(null);
  const selected = props.selectedPath !== undefined ? props.selectedPath : localSelected;
  useEffect(() => {
    if (selected !== null) scrollTo(selected);
  }, [selected, scrollTo]);
  const select = useCallback(
    (path: string) => {
      setLocalSelected(path);
      onSelectPath?.(path);
      scrollTo(path);
    },
    [onSelectPath, scrollTo],
  );

  if (diff.files.length === 0) {
    return (
      <div className="diff-view diff-view-empty" data-testid="diff-empty">
        No changes against {diff.base_ref}
      </div>
    );
  }
  return (
    <TokenizerContext.Provider value={tokenizer}>
      <NearViewportContext.Provider value={near}>
        <div className="diff-view" data-testid="diff-view" data-view-type={viewType}>
          <DiffSummary diff={diff} parseError={parse.ok ? null : parse.error} />
          <div className="diff-body">
            <FileTree nodes={shownTree} selectedPath={selected} onSelect={select} />
            <div className="diff-files" ref={pane}>
              {shownFiles.map((file) => (
                <FileSection
                  key={`${diff.head}\0${file.path}`}
                  file={file}
                  parsed={parsedFor(parse.files, file)}
                  viewType={viewType}
                  comments={commentsByPath.get(file.path) ?? NO_COMMENTS}
                  eager={eager.has(file.path)}
                  selected={file.path === selected}
                  register={register}
                  onAddComment={onAddComment}
                  onRemoveComment={onRemoveComment}
                  loadFilePatch={loadFilePatch}
                  readOnly={readOnly}
                  trusted={trusted.get(file.path) ?? (file.old_path !== null ? trusted.get(file.old_path) : undefined) ?? null}
                />
              ))}
            </div>
          </div>
        </div>
      </NearViewportContext.Provider>
    </TokenizerContext.Provider>
  );
}
