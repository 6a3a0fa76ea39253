import type { ChatRequest, ChatResponse, StreamEvent } from '../canonical';
import { InvalidRequest } from '../invalid-request';
import type { StreamDecoder } from '../stream-codec';
import type { BedrockFamily } from './request';
import type { ToolChoice, ToolSpec } from './wire';

// Converse has no JSON mode. Structured output (OpenAI response_format, Anthropic
// output_config.format, Gemini responseSchema) is asked for the usual way: one more tool whose
// input schema is the wanted schema, forced with toolChoice {tool}, and its input returned to the
// caller as the answer's text (finish "stop"), in responses and streams alike.

/** The tool that carries the structured answer; a caller's own tool of this name is refused (request.ts). */
export const STRUCTURED_OUTPUT_TOOL = 'structured_output';

/** Whether the family's Bedrock models accept toolChoice `any` / `tool` (Claude, Nova); Cohere and AI21 models take only `auto`. */
export const canForceTool = (family: BedrockFamily) =>
  family === 'anthropic' || family === 'amazon';

/** The JSON schema the answer must follow, when the request asks for JSON. */
export function structuredOutputSchema(req: ChatRequest): Record<string, unknown> | undefined {
  const format = req.responseFormat;
  if (format?.type === 'json_schema') return format.schema;
  if (format?.type === 'json_object') return { type: 'object' };
  return undefined;
}

/** The tool spec and tool choice that ask for the structured answer. */
export function structuredOutputTool(
  req: ChatRequest,
  family: BedrockFamily,
  thinking: boolean,
): { spec: ToolSpec; toolChoice: ToolChoice } | undefined {
  const schema = structuredOutputSchema(req);
  if (!schema) return undefined;
  // A tool the model may skip gives no guarantee: refused rather than answered with free text.
  if (!canForceTool(family)) {
    throw new InvalidRequest(
      `structured output is not available for ${family} models on Bedrock (Converse has no JSON mode, and only Claude and Nova models can be made to call a tool)`,
      'response_format',
    );
  }
  if (thinking) {
    throw new InvalidRequest(
      'structured output cannot be combined with thinking on Bedrock (it needs a forced tool call, which Claude refuses while thinking)',
      'response_format',
    );
  }
  const description = req.responseFormat?.type === 'json_schema' && req.responseFormat.description;
  const spec: ToolSpec = {
    toolSpec: {
      name: STRUCTURED_OUTPUT_TOOL,
      description: description || 'Answer with the result, in exactly this structure.',
      inputSchema: { json: schema },
    },
  };
  // With tools of the caller's own, the model may still call those: "any" leaves it the choice.
  const own = (req.tools ?? []).length > 0 && req.toolChoice !== 'none';
  return { spec, toolChoice: own ? { any: {} } : { tool: { name: STRUCTURED_OUTPUT_TOOL } } };
}

/** A response whose structured-output tool call becomes the answer's text. */
export function structuredAnswer(res: ChatResponse): ChatResponse {
  const call = res.content.find((p) => p.type === 'tool_call' && p.name === STRUCTURED_OUTPUT_TOOL);
  if (call?.type !== 'tool_call') return res;
  const content = res.content.map((p) =>
    p === call ? { type: 'text' as const, text: call.arguments } : p,
  );
  if (content.some((p) => p.type === 'tool_call')) return { ...res, content };
  // Bedrock's own reason (tool_use) no longer describes the answer: it is dropped with it.
  const { rawFinishReason: _replaced, ...rest } = res;
  return { ...rest, content, finishReason: 'stop' };
}

/** A stream decoder whose structured-output tool call streams out as text. */
export function structuredAnswerStream(inner: StreamDecoder): StreamDecoder {
  let index: number | undefined;
  let otherCalls = false;
  const map = (events: StreamEvent[]): StreamEvent[] =>
    events.flatMap((e): StreamEvent[] => {
      if (e.type === 'tool_call_start') {
        if (e.name !== STRUCTURED_OUTPUT_TOOL) otherCalls = true;
        else index = e.index;
        return e.name === STRUCTURED_OUTPUT_TOOL ? [] : [e];
      }
      if (e.type === 'tool_call_delta' && e.index === index)
        return [{ type: 'text', text: e.arguments }];
      if (e.type === 'finish' && index !== undefined && !otherCalls && e.reason === 'tool_calls') {
        const { rawReason: _replaced, ...finish } = e;
        return [{ ...finish, reason: 'stop' }];
      }
      return [e];
    });
  return { push: (chunk) => map(inner.push(chunk)), end: () => map(inner.end()) };
}
