import { memo, useState } from 'react';
import type { DiffFile } from '../../../../shared/api/review-schemas.js';
import { STATUS_LETTERS } from './diff-model.js';
import type { TreeNode } from './file-tree.js';

interface FileTreeProps {
  nodes: TreeNode[];
  selectedPath: string | null;
  onSelect(path: string): void;
}

/** The changed files as a folder tree; folders collapse, files scroll the diff to their section. */
export function FileTree({ nodes, selectedPath, onSelect }: FileTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (path: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const renderNodes = (list: TreeNode[], depth: number) => (
    <ul className="diff-tree-list">
      {list.map((node) =>
        node.kind === 'folder' ? (
          <li key={`d:${node.path}`}>
            <button
              type="button"
              aria-expanded={!collapsed.has(node.path)}
              className="diff-tree-folder"
              data-testid="diff-tree-folder"
              data-path={node.path}
              style={{ paddingLeft: indent(depth) }}
              onClick={() => toggle(node.path)}
              title={node.path}
            >
              <span className="diff-tree-caret" aria-hidden="true">{collapsed.has(node.path) ? '▸' : '▾'}</span>
              {node.name}
            </button>
            {!collapsed.has(node.path) && renderNodes(node.children, depth + 1)}
          </li>
        ) : (
          <li key={`f:${node.file.path}`}>
            <FileEntry file={node.file} name={node.name} depth={depth} selected={node.file.path === selectedPath} onSelect={onSelect} />
          </li>
        ),
      )}
    </ul>
  );
  // Plain lists of buttons (Tab moves through them) rather than an ARIA tree, which would promise
  // arrow-key navigation.
  return (
    <nav className="diff-tree" aria-label="Changed files">
      {renderNodes(nodes, 0)}
    </nav>
  );
}

function indent(depth: number): string {
  return `${8 + depth * 12}px`;
}

interface FileEntryProps {
  file: DiffFile;
  name: string;
  depth: number;
  selected: boolean;
  onSelect(path: string): void;
}

const FileEntry = memo(function FileEntry({ file, name, depth, selected, onSelect }: FileEntryProps) {
  const letter = STATUS_LETTERS[file.status];
  return (
    <button
      type="button"
      className={selected ? 'diff-tree-file selected' : 'diff-tree-file'}
      data-testid="diff-tree-file"
      data-path={file.path}
      aria-current={selected ? 'true' : undefined}
      style={{ paddingLeft: indent(depth) }}
      onClick={() => onSelect(file.path)}
      title={file.old_path !== null ? `${file.old_path} → ${file.path}` : file.path}
    >
      <span className={`diff-status diff-status-${letter}`} title={file.status}>{letter}</span>
      <span className="diff-tree-name">{name}</span>
      {file.binary && <span className="diff-binary-badge" title="Binary file">bin</span>}
      <span className="diff-counts">
        <span className="diff-add">+{file.additions}</span> <span className="diff-del">−{file.deletions}</span>
      </span>
    </button>
  );
});
