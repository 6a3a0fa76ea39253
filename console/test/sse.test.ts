import { describe, expect, it } from 'vitest';
import { applyChunk, emptyAnswer } from '../src/lib/chat-delta';
import { sseReader } from '../src/lib/sse';

describe('sseReader', () => {
  it('returns events once complete, across chunk boundaries', () => {
    const reader = sseReader();
    expect(reader.push('data: {"a"')).toEqual([]);
    expect(reader.push(':1}\n\ndata: [DONE]\r\n')).toEqual(['{"a":1}']);
    expect(reader.push('\r\n')).toEqual(['[DONE]']);
  });
  it('joins multi-line data and skips comments and other fields', () => {
    const reader = sseReader();
    expect(reader.push(': ping\nevent: x\ndata: a\ndata: b\n\n')).toEqual(['a\nb']);
  });
});

describe('applyChunk', () => {
  it('assembles text, tool-call fragments, finish reason and usage', () => {
    let answer = emptyAnswer();
    answer = applyChunk(answer, { choices: [{ delta: { content: 'Hel' } }] });
    answer = applyChunk(answer, { choices: [{ delta: { content: 'lo' } }] });
    answer = applyChunk(answer, {
      choices: [
        {
          delta: {
            tool_calls: [{ index: 0, id: 'c1', function: { name: 'get', arguments: '{"a"' } }],
          },
        },
      ],
    });
    answer = applyChunk(answer, {
      choices: [
        {
          delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
    answer = applyChunk(answer, { choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } });
    expect(answer).toEqual({
      text: 'Hello',
      toolCalls: [{ id: 'c1', name: 'get', arguments: '{"a":1}' }],
      finishReason: 'tool_calls',
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    });
  });
});
