import { base64Decode, base64Encode } from '../base64';

// Gemini function calls usually carry no id, and a call's thoughtSignature must come back on the
// same call next turn. Canonical tool calls always have an id, so the codec makes ids Gemini did
// not give (recognisable, so they are never sent to Gemini), and can carry a signature inside an
// id for callers (OpenAI, Anthropic) that have nowhere else to keep it and only echo the id.

const SYNTHETIC = 'gcall_';
const SIGNATURE_MARK = '__ts_';

export const syntheticCallId = (seed: string) => `${SYNTHETIC}${seed}`;

/** The id with the signature folded in; only [A-Za-z0-9_-], so Anthropic accepts it too. */
export function idWithSignature(id: string, signature: string | undefined): string {
  if (!signature) return id;
  const b64 = base64Encode(new TextEncoder().encode(signature));
  return `${id}${SIGNATURE_MARK}${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** Splits an id made by idWithSignature; other ids come back unchanged. */
export function splitCallId(id: string): { id: string; signature?: string } {
  const at = id.indexOf(SIGNATURE_MARK);
  if (at < 0) return { id };
  const encoded = id
    .slice(at + SIGNATURE_MARK.length)
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  try {
    const signature = new TextDecoder().decode(
      base64Decode(encoded + '='.repeat((4 - (encoded.length % 4)) % 4)),
    );
    return { id: id.slice(0, at), signature };
  } catch {
    return { id };
  }
}

/** The id to put on a Gemini functionCall / functionResponse: none for ids the codec made up. */
export function wireCallId(id: string): string | undefined {
  const base = splitCallId(id).id;
  return base.startsWith(SYNTHETIC) ? undefined : base;
}
