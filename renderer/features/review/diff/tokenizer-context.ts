import { createContext } from 'react';
import type { Tokenizer } from './tokenizer.js';

/** The DiffView's tokenizer; without one, rows render as plain text. */
export const TokenizerContext = createContext<Tokenizer | null>(null);
