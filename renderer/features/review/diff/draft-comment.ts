import type { LineComment } from '../../../../shared/api/review-schemas.js';

/** A line comment written in the inbox and not sent yet; `id` tells drafts on the same line apart. */
export interface DraftComment extends LineComment {
  id: string;
}
