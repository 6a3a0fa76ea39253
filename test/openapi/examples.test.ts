import { describe, expect, it } from 'vitest';
import { anthropicCountTokens, anthropicMessages } from '../../src/dialects/anthropic';
import {
  geminiBatchEmbedContents,
  geminiCountTokens,
  geminiEmbedContent,
  geminiGenerateContent,
} from '../../src/dialects/gemini';
import { openAIChat, openAICompletions, openAIEmbeddings } from '../../src/dialects/openai';
import { decodeResponsesRequest } from '../../src/formats/openai-responses';
import { CONTROL_SCHEMAS } from '../../src/openapi/control-schemas';
import { BODY_EXAMPLES } from '../../src/openapi/examples';
import type { SchemaName } from '../../src/openapi/types';
import { WIRE_SCHEMAS } from '../../src/openapi/wire-schemas';

// The example bodies /docs starts "Try it out" from are accepted by what reads them: the control
// plane's zod schemas, and the query routes' own decoders.

const call = { endpointName: 'chat', headers: new Headers() };
type Body = Record<string, unknown>;

const DECODERS: Partial<Record<SchemaName, (body: Body) => unknown>> = {
  ChatCompletionRequest: (b) => openAIChat.decode(b, call),
  CompletionRequest: (b) => openAICompletions.decode(b, call),
  EmbeddingRequest: (b) => openAIEmbeddings.decode(b, call),
  InvocationRequest: (b) => openAIChat.decode(b, call),
  ResponseRequest: (b) => decodeResponsesRequest(b),
  MessagesRequest: (b) => anthropicMessages.decode(b, call),
  CountTokensRequest: (b) => anthropicCountTokens.decode(b, call),
  GenerateContentRequest: (b) => geminiGenerateContent.json.decode(b, call),
  GeminiCountTokensRequest: (b) => geminiCountTokens.decode(b, call),
  EmbedContentRequest: (b) => geminiEmbedContent.decode(b, call),
  BatchEmbedContentsRequest: (b) => geminiBatchEmbedContents.decode(b, call),
};

describe('the example request bodies', () => {
  it('cover every query-route body, each read by its decoder', () => {
    const bodies = Object.keys(WIRE_SCHEMAS).filter((n) => n.endsWith('Request'));
    expect(Object.keys(DECODERS).sort()).toEqual(bodies.sort());
    for (const name of bodies) {
      const example = BODY_EXAMPLES[name as SchemaName];
      expect(example, name).toBeDefined();
      expect(() => DECODERS[name as SchemaName]!(example as Body), name).not.toThrow();
    }
  });

  it("are accepted by the control plane's own zod schemas", () => {
    for (const [name, example] of Object.entries(BODY_EXAMPLES)) {
      if (!Object.hasOwn(CONTROL_SCHEMAS, name)) continue;
      const parsed = CONTROL_SCHEMAS[name as keyof typeof CONTROL_SCHEMAS].safeParse(example);
      expect(parsed.error?.issues, name).toBeUndefined();
    }
  });
});
