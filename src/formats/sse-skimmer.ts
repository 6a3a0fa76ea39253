import { createParser } from 'eventsource-parser';
import type { SseMessage } from './stream-codec';

// Reads SSE text on the side of a passthrough, parsing only the frames that can matter. A
// passthrough needs a few messages (the usage, the final event) out of hundreds; parsing every
// event was an eighth of a streamed request's CPU. Frames that contain none of the needles are
// skipped unparsed: only their boundaries are found, by a native `lastIndexOf` per chunk.

/** The index just past the last blank line (`\n\n` or `\r\n\r\n`) in `text`, or -1. */
function lastFrameEnd(text: string): number {
  const lf = text.lastIndexOf('\n\n');
  const crlf = text.lastIndexOf('\n\r\n');
  return Math.max(lf < 0 ? -1 : lf + 2, crlf < 0 ? -1 : crlf + 3);
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

  const wanted = (text: string) => {
    if (!needles) return true;
    // The seam is searched on its own: joining it to a 64 KiB text would copy the text.
    const seam = previousEnd + text.slice(0, overlap);
    return needles.some((needle) => text.includes(needle) || seam.includes(needle));
  };

  return (text) => {
    if (!text) return;
    if (midFrame || wanted(text)) {
      parser.feed(unread + text);
      unread = '';
      midFrame = !endsFrame(text);
    } else {
      // Whole frames before the last boundary hold no needle: drop them unparsed.
      const cut = lastFrameEnd(text);
      unread = cut < 0 ? unread + text : text.slice(cut);
    }
    if (overlap) previousEnd = text.slice(-overlap);
  };
}
