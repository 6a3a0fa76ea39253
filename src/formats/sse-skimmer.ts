import { createParser } from 'eventsource-parser';
import type { SseMessage } from './stream-codec';

// Reads SSE text on the side of a passthrough, parsing only the frames that can matter. A
// passthrough needs a few messages (the usage, the final event) out of hundreds; parsing every
// event was an eighth of a streamed request's CPU. Frames that contain none of the needles are
// skipped unparsed: only their boundaries are found, by a native `lastIndexOf` per chunk.

/** The index just past the last blank line (`\n\n` or `\r\n\r\n`) that ends at or before `at`, or -1. */
export function frameEndBefore(text: string, at = text.length): number {
  // Walks back line by line: a search for the last `\n\r\n` would scan a whole LF-only text.
  for (let i = text.lastIndexOf('\n', at - 1); i > 0; i = text.lastIndexOf('\n', i - 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === LF || (before === CR && text.charCodeAt(i - 2) === LF)) return i + 1;
  }
  return -1;
}

const LF = 10;
const CR = 13;

/** JSON punctuation, frequent in every frame: a search that starts from it stops at each one. */
const FREQUENT = new Set(['"', ':', ',', '{', '}', '[', ']', ' ']);

/**
 * A search for where `needle` starts in a text. V8 scans for a pattern's first character and then
 * compares; from 7 characters on it switches to a search that JSON's dense quotes and colons make
 * slower still. `"usage":{` cost 6× `[DONE]` over the same stream, so the scan is for a short
 * anchor inside the needle that starts past its punctuation (`usage"`), and each hit is checked.
 */
export function needleSearch(needle: string): (text: string) => number {
  let from = 0;
  while (from < needle.length - 1 && FREQUENT.has(needle[from])) from++;
  const anchor = needle.slice(from, from + 6);
  return (text) => {
    for (let i = text.indexOf(anchor, from); i >= 0; i = text.indexOf(anchor, i + 1)) {
      if (text.startsWith(needle, i - from)) return i - from;
    }
    return -1;
  };
}

/** The text ends with a blank line, i.e. at a frame boundary. */
export const endsFrame = (text: string) => text.endsWith('\n\n') || text.endsWith('\n\r\n');

/**
 * Returns the function to push decoded stream text to. It calls `onMessage` for every message of
 * a frame that contains one of `needles` (and maybe for a few more); without needles, for every
 * message. An unfinished last frame is dropped, as a parser does at the end of a stream.
 */
export function sseSkimmer(
  onMessage: (message: SseMessage) => void,
  needles?: readonly string[],
): (text: string) => void {
  const parser = createParser({ onEvent: onMessage });
  // Text after the last frame boundary that the parser has not seen: the start of a frame.
  let unread = '';
  // The parser holds part of a frame, so it must see everything until that frame ends.
  let midFrame = false;
  // The previous text's last characters: a needle split across two chunks is still found.
  let previousEnd = '';
  const overlap = needles ? Math.max(0, ...needles.map((needle) => needle.length - 1)) : 0;

  const searches = needles?.map(needleSearch);

  /** Where the earliest needle starts in `text` (0 when one straddles the seam), or -1. */
  const needleAt = (text: string) => {
    if (!searches) return 0;
    // The seam is searched on its own: joining it to a 64 KiB text would copy the text.
    const seam = previousEnd + text.slice(0, overlap);
    if (searches.some((search) => search(seam) >= 0)) return 0;
    let at = -1;
    for (const search of searches) {
      const i = search(text);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    return at;
  };

  return (text) => {
    if (!text) return;
    const at = midFrame ? 0 : needleAt(text);
    if (at >= 0) {
      // Whole frames that end before the first needle hold none: skipped too.
      const start = midFrame ? -1 : frameEndBefore(text, at);
      parser.feed(start < 0 ? unread + text : text.slice(start));
      unread = '';
      midFrame = !endsFrame(text);
    } else {
      // Whole frames before the last boundary hold no needle: dropped unparsed.
      const cut = frameEndBefore(text);
      unread = cut < 0 ? unread + text : text.slice(cut);
    }
    // (joined first: a text shorter than a needle leaves part of the seam in the one before)
    if (overlap) previousEnd = (previousEnd + text).slice(-overlap);
  };
}
