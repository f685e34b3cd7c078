/** One seeded ticket; `blocked_by` names other seeds by their index in {@link DEMO_TICKETS}. */
export interface DemoTicket {
  title: string;
  description: string;
  /** Linear's scale: 1 urgent … 4 low; null for none. */
  priority: number | null;
  labels: string[];
  state: 'Backlog' | 'Todo';
  blocked_by?: number[];
}

/**
 * The demo board: most tickets in Todo so agents start at once, two in Backlog (not dispatched
 * until someone moves them), and one blocked by another so the blocker rule shows (a Todo ticket
 * waits until its blocker is Done). Descriptions name a file in backticks: the scripted agent edits
 * or creates the files a ticket names.
 */
export const DEMO_TICKETS: readonly DemoTicket[] = [
  {
    title: 'Fix slugify dropping digits',
    description: "`slugify('Route 66')` returns `route` instead of `route-66`: the pattern in `src/slugify.js` treats digits as separators.",
    priority: 1,
    labels: ['bug'],
    state: 'Todo',
  },
  {
    title: 'Document the helpers in the README',
    description: 'Give each helper a short section with an example in `README.md`.',
    priority: 3,
    labels: ['docs'],
    state: 'Todo',
  },
  {
    title: 'Add a capitalize helper',
    description: "New `src/capitalize.js`: upper-case the first letter of a string, leave the rest as is.",
    priority: 2,
    labels: ['feature'],
    state: 'Todo',
  },
  {
    title: 'Use capitalize in titleCase',
    description: 'Once the capitalize helper exists, `src/title-case.js` should use it instead of its own regex.',
    priority: 3,
    labels: ['refactor'],
    state: 'Todo',
    blocked_by: [2],
  },
  {
    title: 'Export truncate from the package entry point',
    description: '`src/index.js` exports every helper except truncate.',
    priority: 2,
    labels: ['feature'],
    state: 'Todo',
  },
  {
    title: 'truncate cuts emoji in half',
    description: 'Slicing by UTF-16 code units splits surrogate pairs; `src/truncate.js` should cut on code points.',
    priority: 1,
    labels: ['bug'],
    state: 'Todo',
  },
  {
    title: 'Test wordCount on an empty string',
    description: 'Add a case to `test/word-count.test.mjs`: an empty or blank string has zero words.',
    priority: 3,
    labels: ['tests'],
    state: 'Todo',
  },
  {
    title: 'Add a reading-time helper',
    description: 'New `src/reading-time.js`: minutes to read a text at 200 words per minute, rounded up.',
    priority: 4,
    labels: ['feature'],
    state: 'Todo',
  },
  {
    title: 'Add an .editorconfig',
    description: 'Two-space indentation and a final newline everywhere: add `.editorconfig`.',
    priority: 4,
    labels: ['chore'],
    state: 'Todo',
  },
  {
    title: 'Write a contributing guide',
    description: 'How to run the tests and what a good change looks like, in `CONTRIBUTING.md`.',
    priority: null,
    labels: ['docs'],
    state: 'Todo',
  },
  {
    title: 'Publish textkit to npm',
    description: 'Not yet: decide on a package name and a release process first.',
    priority: 4,
    labels: ['idea'],
    state: 'Backlog',
  },
  {
    title: 'Explore a Markdown-to-plain-text helper',
    description: 'Strip Markdown syntax for previews. Needs a design before anyone starts.',
    priority: null,
    labels: ['idea', 'research'],
    state: 'Backlog',
  },
];
