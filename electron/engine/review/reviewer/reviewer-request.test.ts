import { describe, expect, it } from 'vitest';
import { createReviewerClient, KEYLESS_API_KEY, redactSecret, REVIEWER_MAX_RETRIES, safeEndpoint } from './reviewer-request.js';

const cfg = { model: 'gpt-test', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-secret', gate: false, timeout_ms: 1234 };

describe('reviewer client', () => {
  it('is configured from review.reviewer', () => {
    const client = createReviewerClient(cfg);
    expect(client.baseURL).toBe('http://127.0.0.1:9/v1');
    expect(client.apiKey).toBe('sk-secret');
    expect(client.timeout).toBe(1234);
    expect(client.maxRetries).toBe(REVIEWER_MAX_RETRIES);
  });

  it('never sends OPENAI_API_KEY to a configured endpoint when no key is set', () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-users-real-key';
    try {
      expect(createReviewerClient({ ...cfg, api_key: null }).apiKey).toBe(KEYLESS_API_KEY);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence of the key', () => {
    expect(redactSecret('bad key sk-secret (sk-secret)', 'sk-secret')).toBe('bad key [redacted] ([redacted])');
    expect(redactSecret('nothing to hide', null)).toBe('nothing to hide');
  });
});

describe('safeEndpoint', () => {
  it('drops credentials and query from the base url', () => {
    expect(safeEndpoint('https://user:pass@llm.example.com/v1?key=abc')).toBe('https://llm.example.com/v1');
    expect(safeEndpoint('not a url')).toBe('(invalid base_url)');
  });
});
