import type { GatewayErrorInfo, StreamEvent } from '../../formats/canonical';
import type { EventTap } from '../stream-pipeline';
import type { KeywordMatcher } from './keywords';
import { findPii, maskMatches, PII_MAX_LENGTH, type PiiMatch } from './pii';

// Output guardrails on a stream, without buffering the response: text flows on as it comes,
// except a short tail that could still be the start of a match (an e-mail address cut in two
// by the provider's chunking). Only that tail is held until the next chunk decides it.

export interface StreamGuardOptions {
  pii: 'NONE' | 'BLOCK' | 'MASK';
  keywords: KeywordMatcher | null;
  /** Called once per PII match that reached the caller masked (or blocked the stream). */
  onPii(match: PiiMatch): void;
  /** Builds the error event that ends a blocked stream. */
  blocked(guardrail: 'pii' | 'invalid_keywords', detail: string): GatewayErrorInfo;
}

/** Characters of already-sent text kept as context for the detectors' look-behinds. */
const CONTEXT = 8;

export function streamGuard(options: StreamGuardOptions): EventTap {
  const piiOn = options.pii !== 'NONE';
  const hold = Math.max(
    piiOn ? PII_MAX_LENGTH : 0,
    options.keywords ? options.keywords.maxLength + 1 : 0,
  );
  let pending = '';
  let context = '';
  let blocked = false;

  /** Sends what can no longer be part of a match; `final` sends everything (the text run ended). */
  const release = (final: boolean): StreamEvent[] => {
    if (!pending) return [];
    const text = context + pending;
    const offset = context.length;
    // A match touching the end of what we have may still grow: only complete ones count.
    const complete = (end: number) => final || end < text.length;

    const keyword = options.keywords?.find(text);
    if (keyword && keyword.end > offset && complete(keyword.end))
      return block('invalid_keywords', `'${keyword.keyword}'`);
    const matches = piiOn ? findPii(text).filter((m) => m.start >= offset) : [];
    if (options.pii === 'BLOCK') {
      const hit = matches.find((m) => complete(m.end));
      if (hit) {
        options.onPii(hit);
        return block('pii', hit.type);
      }
    }

    let cut = final ? text.length : Math.max(offset, text.length - hold);
    for (const m of matches) if (m.start < cut && m.end > cut) cut = m.start;
    if (keyword && keyword.start >= offset && keyword.start < cut && keyword.end > cut)
      cut = keyword.start;
    if (cut <= offset) return [];

    const sent = matches.filter((m) => m.end <= cut);
    sent.forEach(options.onPii);
    const out =
      options.pii === 'MASK'
        ? maskMatches(text.slice(0, cut), sent).slice(offset)
        : text.slice(offset, cut);
    context = text.slice(Math.max(0, cut - CONTEXT), cut);
    pending = text.slice(cut);
    return out ? [{ type: 'text', text: out }] : [];
  };

  const block = (guardrail: 'pii' | 'invalid_keywords', detail: string): StreamEvent[] => {
    blocked = true;
    pending = '';
    return [{ type: 'error', error: options.blocked(guardrail, detail) }];
  };

  return {
    event(event) {
      if (blocked) return [];
      if (event.type === 'text') {
        pending += event.text;
        return release(false);
      }
      // Anything else ends a run of text: what is held goes out first, in order.
      const before = release(true);
      return blocked ? before : [...before, event];
    },
    end: () => (blocked ? [] : release(true)),
  };
}
