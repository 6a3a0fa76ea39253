import { describe, expect, it } from 'vitest';
import { sseSkimmer } from '../../src/formats/sse-skimmer';
import type { SseMessage } from '../../src/formats/stream-codec';
import { random } from '../helpers/random';

// The skimmer must hand over every message whose frame holds a needle, however the stream is cut
// into chunks (needles and boundaries split across chunks, CRLF frames, frames spanning chunks).

const words = [
  'delta',
  'text',
  'message_stop',
  'usage',
  'héllo',
  '✓',
  '"usage":{"n":1}',
  'usage":null',
  '[DONE]',
  'x',
];

function frames(next: (below: number) => number): { text: string; messages: SseMessage[] } {
  let text = '';
  const messages: SseMessage[] = [];
  for (let i = 0; i < 40; i++) {
    const data = Array.from({ length: 1 + next(30) }, () => words[next(words.length)]).join(' ');
    const event = next(3) === 0 ? `e${next(5)}` : undefined;
    const eol = next(4) === 0 ? '\r\n' : '\n';
    text += (event ? `event: ${event}${eol}` : '') + `data: ${data}${eol}${eol}`;
    messages.push(event ? { event, data } : { data });
  }
  return { text, messages };
}

function skim(text: string, cuts: number[], needles?: string[]): SseMessage[] {
  const seen: SseMessage[] = [];
  const push = sseSkimmer(
    (m) => seen.push({ ...(m.event ? { event: m.event } : {}), data: m.data }),
    needles,
  );
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    push(text.slice(at, cut));
    at = cut;
  }
  return seen;
}

const matches = (m: SseMessage, needles: string[]) =>
  needles.some((needle) => m.data.includes(needle) || m.event?.includes(needle));

describe('sseSkimmer', () => {
  it('without needles hands over every message, however the text is cut', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const { text, messages } = frames(next);
      const cuts = Array.from({ length: next(60) }, () => next(text.length)).sort((a, b) => a - b);
      expect(skim(text, cuts), `seed ${seed}`).toEqual(messages);
    }
  });

  it('with needles hands over every message holding one, in order, and only real messages', () => {
    const needles = ['message_stop', '"usage":{', 'e3', '[DONE]'];
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const { text, messages } = frames(next);
      const cuts = Array.from({ length: next(120) }, () => next(text.length)).sort((a, b) => a - b);
      const seen = skim(text, cuts, needles);
      // A subsequence of the real messages …
      let at = 0;
      for (const m of seen) {
        while (at < messages.length && JSON.stringify(messages[at]) !== JSON.stringify(m)) at++;
        expect(at, `seed ${seed}: ${JSON.stringify(m)} is not a message in order`).toBeLessThan(
          messages.length,
        );
        at++;
      }
      // … that holds every message with a needle.
      expect(
        seen.filter((m) => matches(m, needles)),
        `seed ${seed}`,
      ).toEqual(messages.filter((m) => matches(m, needles)));
    }
  });

  it('parses a chunk from the frame of its first needle on', () => {
    const seen: string[] = [];
    const push = sseSkimmer((m) => seen.push(m.data), ['[DONE]']);
    push(`${'data: {"n":1}\n\n'.repeat(200)}data: [DONE]\n\n`);
    expect(seen).toEqual(['[DONE]']);
  });

  it('skips frames without a needle unparsed', () => {
    const text = 'data: a\n\ndata: b\n\nevent: message_stop\ndata: {}\n\n';
    expect(skim(text, [3, 9, 20, 30], ['message_stop'])).toEqual([
      { event: 'message_stop', data: '{}' },
    ]);
  });

  it('drops an unfinished last frame, as a parser does', () => {
    expect(skim('data: a\n\ndata: message_stop', [], ['message_stop'])).toEqual([]);
  });
});
