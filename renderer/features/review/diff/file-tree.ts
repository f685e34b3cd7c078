import type { DiffFile } from '../../../../shared/api/review-schemas.js';

export interface TreeFolder {
  kind: 'folder';
  /** Shown name; a chain of single-child folders is merged (`src/lib/util`). */
  name: string;
  /** Full folder path, the key for its collapsed state. */
  path: string;
  children: TreeNode[];
}

export interface TreeFile {
  kind: 'file';
  name: string;
  file: DiffFile;
}

export type TreeNode = TreeFolder | TreeFile;

interface Building {
  folders: Map<string, Building>;
  files: DiffFile[];
}

/** Folders first, then files, each sorted by name; single-child folder chains merged. */
export function buildFileTree(files: readonly DiffFile[]): TreeNode[] {
  const root: Building = { folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.folders.get(part);
      if (child === undefined) {
        child = { folders: new Map(), files: [] };
        node.folders.set(part, child);
      }
      node = child;
    }
    node.files.push(file);
  }
  return toNodes(root, '');
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toNodes(node: Building, prefix: string): TreeNode[] {
  const folders = [...node.folders.entries()].sort(([a], [b]) => byName(a, b)).map(([name, child]) => {
    let shown = name;
    let current = child;
    // Merge `a/` → `b/` while a folder holds nothing but one folder.
    while (current.files.length === 0 && current.folders.size === 1) {
      const [[nextName, next]] = [...current.folders.entries()] as [[string, Building]];
      shown = `${shown}/${nextName}`;
      current = next;
    }
    const path = prefix + shown;
    return { kind: 'folder' as const, name: shown, path, children: toNodes(current, `${path}/`) };
  });
  const files = [...node.files]
    .sort((a, b) => byName(a.path, b.path))
    .map((file): TreeFile => ({ kind: 'file', name: file.path.slice(file.path.lastIndexOf('/') + 1), file }));
  return [...folders, ...files];
}

/** The files in tree order (the order the sections are shown in). */
export function filesInTreeOrder(nodes: readonly TreeNode[]): DiffFile[] {
  const out: DiffFile[] = [];
  const walk = (list: readonly TreeNode[]) => {
    for (const node of list) {
      if (node.kind === 'file') out.push(node.file);
      else walk(node.children);
    }
  };
  walk(nodes);
  return out;
}
