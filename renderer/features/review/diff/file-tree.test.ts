import { describe, expect, it } from 'vitest';
import { diffFile } from './diff-fixtures.test-util.js';
import { buildFileTree, filesInTreeOrder, type TreeNode } from './file-tree.js';

const shape = (nodes: TreeNode[]): unknown[] =>
  nodes.map((n) => (n.kind === 'file' ? n.name : { [n.name]: shape(n.children) }));

describe('buildFileTree', () => {
  it('nests by folder, folders first, and merges single-folder chains', () => {
    const tree = buildFileTree(
      ['README.md', 'src/lib/util/a.ts', 'src/lib/util/b.ts', 'src/main.ts', 'docs/deep/er/x.md'].map((p) => diffFile(p)),
    );
    expect(shape(tree)).toEqual([
      { 'docs/deep/er': ['x.md'] },
      { src: [{ 'lib/util': ['a.ts', 'b.ts'] }, 'main.ts'] },
      'README.md',
    ]);
    const folder = tree[1] as Extract<TreeNode, { kind: 'folder' }>;
    expect((folder.children[0] as Extract<TreeNode, { kind: 'folder' }>).path).toBe('src/lib/util');
    expect(filesInTreeOrder(tree).map((f) => f.path)).toEqual([
      'docs/deep/er/x.md', 'src/lib/util/a.ts', 'src/lib/util/b.ts', 'src/main.ts', 'README.md',
    ]);
  });
});
