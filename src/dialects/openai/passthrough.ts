import { decodeOpenAIUsage, encodeOpenAIError } from '../../formats/openai-chat';
import { parseJsonData, sseFrame } from '../../formats/sse';
import { needleSearch } from '../../formats/sse-skimmer';
import type { PassthroughCodec } from '../types';

// Passing an OpenAI chat or legacy completions body through: usage comes from `usage` (the final
// `choices: []` chunk when streaming), which the gateway asks for even when the caller did not.

// Tested on every chunk of a stream whose usage chunk is hidden: searched as the skimmer searches.
const hasEmptyChoices = needleSearch('"choices":[]');
const hasUsage = needleSearch('"usage":{');

export const openAIPassthrough: PassthroughCodec = {
  prepare(body) {
    const stream = body.stream === true;
    const askedUsage = body.stream_options?.include_usage === true;
    if (!stream || askedUsage) return { body, stream, hideUsageFrames: false };
    // Ask for usage so the usage row has real counts; the caller never sees the extra chunk.
    return {
      body: { ...body, stream_options: { ...(body.stream_options ?? {}), include_usage: true } },
      stream,
      hideUsageFrames: true,
    };
  },
  usageFromJson: (json) => decodeOpenAIUsage(json?.usage),
  // Only the final chunk carries usage; skip parsing the others.
  usageFromMessage: (m) =>
    m.data.includes('"usage":{') ? decodeOpenAIUsage(parseJsonData(m.data)?.usage) : undefined,
  sideNeedles: ['"usage":{', '[DONE]'],
  isUsageOnlyFrame: (frame) => hasUsage(frame) >= 0 && hasEmptyChoices(frame) >= 0,
  errorFrame: (error) => sseFrame(encodeOpenAIError(error)),
  isFinalMessage: (m) => m.data === '[DONE]',
};
