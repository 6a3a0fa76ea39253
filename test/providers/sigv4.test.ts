import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signSigV4, type AwsCredentials, type SigV4Request } from '../../src/providers/sigv4';
import { verifySigV4, WebCryptoSha256 } from '../fakes/sigv4-verifier';

// Our SigV4 signer against the official one (@smithy/signature-v4): through the fake Bedrock's
// verifier for the paths Bedrock sees, and signature for signature at a fixed date.

const BASE = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const BODY = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi  there' }] }] });
const modelUrl = (model: string) => `${BASE}/model/${encodeURIComponent(model)}/converse`;

/** Each test its own secret: the signing-key cache lives as long as the module. */
const credentials = (secret: string, sessionToken?: string): AwsCredentials => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY-${secret}`,
  ...(sessionToken ? { sessionToken } : {}),
});

const request = (url: string, creds: AwsCredentials, date?: Date): SigV4Request => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json' },
  body: BODY,
  region: 'us-east-1',
  service: 'bedrock',
  credentials: creds,
  date,
});

async function verify(url: string, creds: AwsCredentials): Promise<string | null> {
  const headers = await signSigV4(request(url, creds));
  const sent = new Request(url, { method: 'POST', headers, body: BODY });
  const body = new Uint8Array(await sent.arrayBuffer());
  return verifySigV4(sent, body, { [creds.accessKeyId]: creds }, 'us-east-1', 'bedrock');
}

/** The signature the AWS SDK's signer computes for the same request at the same time. */
async function smithySignature(url: string, creds: AwsCredentials, date: Date): Promise<string> {
  const { host, pathname } = new URL(url);
  const signer = new SignatureV4({
    credentials: creds,
    region: 'us-east-1',
    service: 'bedrock',
    sha256: WebCryptoSha256,
    applyChecksum: false,
  });
  const signed = (await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: host,
      path: pathname,
      query: {},
      headers: { host, 'content-type': 'application/json' },
      body: BODY,
    } as never,
    { signingDate: date },
  )) as unknown as { headers: Record<string, string> };
  return signed.headers.authorization;
}

afterEach(() => vi.restoreAllMocks());

describe('SigV4 signer', () => {
  const cases: Array<[string, string]> = [
    ['a plain model id', 'cohere.embed-english-v3'],
    ['a model id with ":"', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    [
      'an ARN with ":" and "/"',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0',
    ],
  ];
  for (const [name, model] of cases) {
    it(`signs ${name} so the fake Bedrock's verifier accepts it`, async () => {
      expect(await verify(modelUrl(model), credentials(`verify-${model}`))).toBeNull();
    });
    it(`signs ${name} with a session token`, async () => {
      const creds = credentials(`token-${model}`, 'FwoGZXIvYXdzEXAMPLE/token+value==');
      const headers = await signSigV4(request(modelUrl(model), creds));
      expect(headers['x-amz-security-token']).toBe(creds.sessionToken);
      expect(headers.authorization).toContain(
        'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,',
      );
      expect(await verify(modelUrl(model), creds)).toBeNull();
    });
  }

  it('signs exactly as @smithy/signature-v4 at a fixed date, header for header', async () => {
    const date = new Date('2015-08-30T12:36:00Z');
    const url = modelUrl(cases[2][1]);
    const creds = credentials('known-answer', 'session-token');
    const headers = await signSigV4(request(url, creds, date));
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-amz-date': '20150830T123600Z',
      'x-amz-security-token': 'session-token',
      authorization: await smithySignature(url, creds, date),
    });
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it('derives the signing key once per day and a new one the next day', async () => {
    const url = modelUrl(cases[1][1]);
    const creds = credentials('cache');
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const day1 = new Date('2026-03-01T10:00:00Z');
    const first = await signSigV4(request(url, creds, day1));
    const derivations = importKey.mock.calls.length;
    expect(derivations).toBeGreaterThan(0);
    const again = await signSigV4(request(url, creds, new Date('2026-03-01T10:00:00Z')));
    expect(again.authorization).toBe(first.authorization);
    expect(importKey.mock.calls.length).toBe(derivations);

    const day2 = new Date('2026-03-02T10:00:00Z');
    const next = await signSigV4(request(url, creds, day2));
    expect(importKey.mock.calls.length).toBe(2 * derivations);
    expect(next.authorization).not.toBe(first.authorization);
    expect(next.authorization).toBe(await smithySignature(url, creds, day2));
    expect(first.authorization).toBe(await smithySignature(url, creds, day1));
  });
});
