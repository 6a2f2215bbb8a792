import { describe, expect, it } from 'vitest';
import { endpointUrl, maskSecret } from '../../renderer/src/features/webhooks/webhook-urls';

describe('webhook endpoint URLs', () => {
  it('joins the listener URL and the path, or shows the path while off', () => {
    expect(endpointUrl('http://0.0.0.0:8090', '/webhook')).toBe('http://0.0.0.0:8090/webhook');
    expect(endpointUrl('https://h:1/', '/api/gitea')).toBe('https://h:1/api/gitea');
    expect(endpointUrl(null, '/api/webhook/abc')).toBe('/api/webhook/abc');
  });

  it('masks every occurrence of the secret', () => {
    expect(maskSecret('http://h/api/webhook/SECRETVALUE', 'SECRETVALUE')).toBe('http://h/api/webhook/SECR…');
    expect(maskSecret('/webhook', 'SECRETVALUE')).toBe('/webhook');
  });
});
