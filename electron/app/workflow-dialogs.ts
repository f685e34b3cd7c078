import type { BrowserWindow, Dialog } from 'electron';

/** The native dialogs of opening a workflow, parented to the window when there is one. */
export class WorkflowDialogs {
  constructor(
    private readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>,
    private readonly parent: () => BrowserWindow | null,
  ) {}

  async chooseWorkflowFile(): Promise<string | null> {
    const options = {
      title: "Open a repository's WORKFLOW.md",
      buttonLabel: 'Open',
      properties: ['openFile' as const],
      filters: [{ name: 'Workflow', extensions: ['md'] }],
    };
    const win = this.parent();
    const result = win ? await this.dialog.showOpenDialog(win, options) : await this.dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async chooseRepositoryFolder(): Promise<string | null> {
    const options = {
      title: 'Choose the repository for the new WORKFLOW.md',
      buttonLabel: 'Use this repository',
      properties: ['openDirectory' as const, 'createDirectory' as const],
    };
    const win = this.parent();
    const result = win ? await this.dialog.showOpenDialog(win, options) : await this.dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  /** Switching workflows stops the running engine and its agents: ask first. */
  async confirmSwitch(current: string, next: string): Promise<boolean> {
    const options = {
      type: 'question' as const,
      buttons: ['Switch', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `Open ${next}?`,
      detail: `The engine for ${current} stops, and its running agents with it.`,
    };
    const win = this.parent();
    const result = win ? await this.dialog.showMessageBox(win, options) : await this.dialog.showMessageBox(options);
    return result.response === 0;
  }
}
