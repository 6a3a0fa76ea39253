import {
  decodeProtectedHeader,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importSPKI,
  jwtVerify,
} from 'jose';
import { jsonResponse, type FakeHandler } from './router';

// A fake Google OAuth token endpoint for service accounts (RFC 7523 JWT-bearer grant) that
// VERIFIES the assertion as Google does: RS256 signature against the key's public key, the key
// id in the header, issuer = client_email, audience = token_uri, the cloud-platform scope, and a
// lifetime of at most one hour. It mints opaque access tokens and says which are valid.

export interface FakeServiceAccount {
  /** The service-account key JSON, as a user would download it. */
  keyJson: string;
  clientEmail: string;
}

export interface FakeGoogleOAuth {
  handler: FakeHandler;
  /** A new service account whose public key the endpoint trusts. */
  addServiceAccount(name: string, options?: { expiresIn?: number }): Promise<FakeServiceAccount>;
  /** Tokens minted per client_email. */
  minted: Map<string, string[]>;
  valid(token: string | null): boolean;
  /** The last rejected assertion's reason (for tests that expect a rejection). */
  lastRejection?: string;
}

export function fakeGoogleOAuth(tokenUri: string): FakeGoogleOAuth {
  const accounts = new Map<string, { publicKey: CryptoKey; keyId: string; expiresIn: number }>();
  const minted = new Map<string, string[]>();
  const live = new Map<string, number>();
  const fake: FakeGoogleOAuth = {
    minted,
    valid: (token) => !!token && (live.get(token) ?? 0) > Date.now(),
    async addServiceAccount(name, options = {}) {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
      const keyId = crypto.randomUUID().replace(/-/g, '');
      const clientEmail = `${name}@test-project.iam.gserviceaccount.com`;
      // Round-trip the public key through SPKI like a JWKS fetch would.
      accounts.set(clientEmail, {
        publicKey: (await importSPKI(await exportSPKI(publicKey), 'RS256')) as CryptoKey,
        keyId,
        expiresIn: options.expiresIn ?? 3599,
      });
      const keyJson = JSON.stringify({
        type: 'service_account',
        project_id: 'test-project',
        private_key_id: keyId,
        private_key: await exportPKCS8(privateKey),
        client_email: clientEmail,
        client_id: '1234567890',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: tokenUri,
      });
      return { keyJson, clientEmail };
    },
    handler: async (request) => {
      const reject = (description: string) => {
        fake.lastRejection = description;
        return jsonResponse({ error: 'invalid_grant', error_description: description }, 400);
      };
      if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded'))
        return reject('Bad Request: form encoding expected');
      const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return jsonResponse(
          { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' },
          400,
        );
      const assertion = form.get('assertion') ?? '';
      let header: ReturnType<typeof decodeProtectedHeader>;
      let claims: any;
      try {
        header = decodeProtectedHeader(assertion);
        claims = JSON.parse(atob(assertion.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      } catch {
        return reject('Invalid JWT: malformed');
      }
      const account = accounts.get(claims.iss);
      if (!account) return reject('Invalid JWT Signature.');
      if (header.alg !== 'RS256' || header.kid !== account.keyId)
        return reject('Invalid JWT: kid does not name the key');
      try {
        await jwtVerify(assertion, account.publicKey, {
          issuer: claims.iss,
          audience: tokenUri,
          algorithms: ['RS256'],
          maxTokenAge: '1h',
          clockTolerance: 60,
        });
      } catch (err) {
        return reject(`Invalid JWT: ${(err as Error).message}`);
      }
      if (
        typeof claims.exp !== 'number' ||
        typeof claims.iat !== 'number' ||
        claims.exp - claims.iat > 3600
      )
        return reject('Invalid JWT: Token must be a short-lived token (60 minutes)');
      if (claims.scope !== 'https://www.googleapis.com/auth/cloud-platform')
        return reject('Invalid OAuth scope or ID token audience provided.');
      const list = minted.get(claims.iss) ?? [];
      const token = `ya29.${list.length + 1}.${crypto.randomUUID()}`;
      list.push(token);
      minted.set(claims.iss, list);
      live.set(token, Date.now() + account.expiresIn * 1000);
      return jsonResponse({
        access_token: token,
        expires_in: account.expiresIn,
        token_type: 'Bearer',
      });
    },
  };
  return fake;
}
