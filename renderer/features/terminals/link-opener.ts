import type { BatonBridge } from '../../../shared/bridge/bridge-api.js';

export type LinkOutcome = 'opened' | 'refused';

/**
 * Opens a link clicked in a terminal. Terminal output is untrusted (an agent prints whatever a
 * repository or a web page gave it), so in Electron only https URLs go to the default browser
 * through the preload's `openExternal`; in a browser the link opens in a new tab with no opener
 * (the page cannot reach back into Baton) and only for http(s).
 */
export function openTerminalLink(uri: string, win: Pick<Window, 'open'> & { baton?: Pick<BatonBridge, 'openExternal'> }): LinkOutcome {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'refused';
  }
  if (win.baton?.openExternal) {
    if (url.protocol !== 'https:') return 'refused';
    void win.baton.openExternal(url.toString());
    return 'opened';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'refused';
  win.open(url.toString(), '_blank', 'noopener,noreferrer');
  return 'opened';
}
