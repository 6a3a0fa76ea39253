import { setBounded } from '../gateway/bounded-map';
import { sha256Hex, toHex } from '../storage/crypto';

// AWS Signature Version 4 for Bedrock, in place of aws4fetch: it signs one request with its
// body as a string, no query, no presigning, and keeps the derived signing key per isolate.

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  /** Sent as is: its path is signed exactly as fetch sends it. */
  url: string;
  /** Headers to send and sign besides host and the x-amz ones; names in lower case. */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  credentials: AwsCredentials;
  /** Signing time; now unless a test pins it. */
  date?: Date;
}

/**
 * Derived signing keys by secret, day, region and service: one HMAC chain per day, not per request.
 * Only derived keys are kept: a derivation under way belongs to the request that started it.
 */
const signingKeys = new Map<string, CryptoKey>();
/** An isolate sees a few credentials and regions; when full, the oldest key (yesterday's first) goes. */
const MAX_SIGNING_KEYS = 16;

const encoder = new TextEncoder();

/** The headers to send (the given ones, x-amz-date, x-amz-security-token, authorization). */
export async function signSigV4(req: SigV4Request): Promise<Record<string, string>> {
  const url = signedUrl(req.url);
  const { accessKeyId, secretAccessKey, sessionToken } = req.credentials;
  const amzDate = (req.date ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${req.region}/${req.service}/aws4_request`;

  const headers: Record<string, string> = { ...req.headers, 'x-amz-date': amzDate };
  if (sessionToken) headers['x-amz-security-token'] = sessionToken;
  const signed: Record<string, string> = { ...headers, host: url.host };
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${signed[name].trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    req.method,
    url.path,
    '',
    canonicalHeaders,
    signedHeaders,
    await sha256Hex(req.body),
  ].join('\n');
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${await sha256Hex(canonicalRequest)}`;

  const key = await signingKey(secretAccessKey, day, req.region, req.service);
  const signature = toHex(
    new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign))),
  );
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** A URL's host and canonical path, by URL: an endpoint sends every request to the same few. */
const signedUrls = new Map<string, { host: string; path: string }>();
const MAX_SIGNED_URLS = 64;

function signedUrl(href: string): { host: string; path: string } {
  let signed = signedUrls.get(href);
  if (!signed) {
    const url = new URL(href);
    // Bedrock takes no query string; signing one would need its own canonical form.
    if (url.search) throw new Error('SigV4 signing of a URL with a query is not supported');
    signed = { host: url.host, path: canonicalPath(url.pathname) };
    setBounded(signedUrls, href, signed, MAX_SIGNED_URLS);
  }
  return signed;
}

/**
 * Services other than S3 encode the already-encoded path once more, segment by segment
 * (RFC 3986 unreserved characters kept): a model id's '%3A' is signed as '%253A'.
 */
function canonicalPath(path: string): string {
  return encodeURIComponent(path)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function signingKey(
  secret: string,
  day: string,
  region: string,
  service: string,
): Promise<CryptoKey> {
  const id = `${day}\n${region}\n${service}\n${secret}`;
  const kept = signingKeys.get(id);
  if (kept) return kept;
  let raw: BufferSource = encoder.encode(`AWS4${secret}`);
  for (const part of [day, region, service, 'aws4_request']) raw = await hmac(raw, part);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  setBounded(signingKeys, id, key, MAX_SIGNING_KEYS);
  return key;
}

async function hmac(raw: BufferSource, data: string): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return crypto.subtle.sign('HMAC', key, encoder.encode(data));
}
