import { decodeGeminiUsage, encodeGeminiError, geminiStreamDecoder } from '../../formats/gemini';
import { parseJsonData, sseFrame } from '../../formats/sse';
import type { PassthroughCodec } from '../types';

/** A Gemini body passed through to a Gemini-format provider; `stream` comes from the URL's method, not the body. */
export function geminiPassthrough(stream: boolean): PassthroughCodec {
  return {
    prepare: (body) => ({ body, stream, hideUsageFrames: false }),
    usageFromJson: (json) => decodeGeminiUsage(json?.usageMetadata),
    // usageMetadata is cumulative: each frame's replaces the last.
    usageFromMessage: (m) =>
      m.data.includes('"usageMetadata"')
        ? decodeGeminiUsage(parseJsonData(m.data)?.usageMetadata)
        : undefined,
    sideNeedles: ['"usageMetadata"', '"finishReason"'],
    errorFrame: (error) => sseFrame(encodeGeminiError(error)),
    // Gemini has no [DONE]: the chunk with the finishReason (and final usage) is the last.
    isFinalMessage: (m) => m.data.includes('"finishReason"'),
    streamDecoder: geminiStreamDecoder,
  };
}
