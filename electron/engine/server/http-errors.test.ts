import { describe, expect, it } from 'vitest';
import { HttpError, httpStatusFor } from './http-errors.js';

describe('httpStatusFor', () => {
  it('maps the API codes to their statuses', () => {
    expect(httpStatusFor('invalid_request')).toBe(400);
    expect(httpStatusFor('unauthorized')).toBe(401);
    expect(httpStatusFor('issue_not_found')).toBe(404);
    expect(httpStatusFor('method_not_allowed')).toBe(405);
    expect(httpStatusFor('tracker_read_only')).toBe(409);
    expect(httpStatusFor('payload_too_large')).toBe(413);
  });

  it('treats tracker adapter codes as upstream failures and anything else as internal', () => {
    expect(httpStatusFor('linear_api_status')).toBe(502);
    expect(httpStatusFor('tracker_request')).toBe(502);
    expect(httpStatusFor('tracker_unavailable')).toBe(503);
    expect(httpStatusFor('something_new')).toBe(500);
  });

  it('gives HttpError the status of its code', () => {
    const e = new HttpError('payload_too_large', 'too big', { connection: 'close' });
    expect(e.status).toBe(413);
    expect(e.headers).toEqual({ connection: 'close' });
  });
});
