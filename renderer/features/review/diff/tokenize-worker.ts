import type { HunkData } from 'react-diff-view';
import { tokensFor } from './highlight.js';
import type { TokenizeReply, TokenizeRequest } from './tokenizer.js';

/*
 * Runs syntax highlighting off the main thread: highlighting with word-level edit marks costs
 * about 0.4 ms a row, so a 1,000-row step would otherwise block the page for ~half a second.
 */

// The renderer's tsconfig has the DOM lib, not WebWorker: type the worker scope by hand.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TokenizeRequest>) => void) | null;
  postMessage(message: TokenizeReply): void;
};

scope.onmessage = (event) => {
  const { id, hunks, language } = event.data;
  scope.postMessage({ id, tokens: tokensFor(hunks as HunkData[], language) });
};
