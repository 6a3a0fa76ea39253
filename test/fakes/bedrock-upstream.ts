import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { jsonResponse, type FakeHandler } from './router';
import { verifySigV4, type AwsCredentials } from './sigv4-verifier';
import { validateConverse } from './bedrock-converse-rules';
import type { ScriptedReply } from './conversation-view';

// A fake Bedrock Runtime that checks what Bedrock checks: a valid SigV4 signature (service
// `bedrock`, the host's region), a known model id in the path, the Converse rules
// (bedrock-converse-rules.ts), and InvokeModel bodies of Titan and Cohere embed models.
// ConverseStream answers real application/vnd.amazon.eventstream frames, cut into odd-sized
// network chunks so decoders must buffer across them.

export interface FakeBedrockOptions {
  region: string;
  keys: Record<string, AwsCredentials>;
  models: string[];
  /** Scripted answers (text or one tool call) instead of the built-in ones; failure triggers still apply. */
  reply?: (body: any) => ScriptedReply;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const requestId = () => crypto.randomUUID();
const awsError = (status: number, type: string, message: string) =>
  jsonResponse({ message }, status, {
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': requestId(),
  });

export function fakeBedrock(options: FakeBedrockOptions): FakeHandler {
  return async (request) => {
    const body = new Uint8Array(await request.arrayBuffer());
    const problem = await verifySigV4(request, body, options.keys, options.region, 'bedrock');
    if (problem)
      return awsError(
        403,
        problem.startsWith('The security token')
          ? 'UnrecognizedClientException'
          : 'InvalidSignatureException',
        problem,
      );
    const match = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(
      new URL(request.url).pathname,
    );
    if (!match) return awsError(404, 'UnknownOperationException', 'Unknown operation');
    const model = decodeURIComponent(match[1]);
    if (!options.models.includes(model))
      return awsError(400, 'ValidationException', 'The provided model identifier is invalid.');
    let json: any;
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return awsError(400, 'SerializationException', 'Could not parse the request body as JSON.');
    }
    if (match[2] === 'invoke') return invoke(model, json);
    const invalid = validateConverse(json, model);
    if (invalid) return awsError(400, 'ValidationException', invalid);
    const said = lastUserText(json);
    if (said === 'throttle me')
      return awsError(
        429,
        'ThrottlingException',
        'Too many requests, please wait before trying again.',
      );
    const reply = options.reply ? scripted(json, options.reply(json)) : answer(json, said);
    return match[2] === 'converse' ? converse(reply) : converseStream(reply, said);
  };
}

interface Reply {
  reasoning?: { text: string; signature: string };
  text?: string;
  toolUses?: { toolUseId: string; name: string; input: Record<string, unknown> }[];
  stopReason: string;
  usage: Record<string, number>;
}

function lastUserText(body: any): string {
  const last = body.messages.at(-1);
  return last.content
    .filter((b: any) => typeof b.text === 'string')
    .map((b: any) => b.text)
    .join('');
}

/** Usage (with cache reads when the system has a cache point) and reasoning (when thinking is asked for). */
function usageAndReasoning(body: any): Pick<Reply, 'usage' | 'reasoning'> {
  const cached = JSON.stringify(body.system ?? []).includes('cachePoint');
  const usage = {
    inputTokens: 20,
    outputTokens: 8,
    totalTokens: 28 + (cached ? 5 : 0),
    ...(cached ? { cacheReadInputTokens: 5, cacheWriteInputTokens: 0 } : {}),
  };
  const reasoning = body.additionalModelRequestFields?.thinking
    ? { text: 'Let me think.', signature: 'sig-abc' }
    : undefined;
  return { usage, reasoning };
}

function answer(body: any, said: string): Reply {
  const last = body.messages.at(-1);
  const { usage, reasoning } = usageAndReasoning(body);
  const result = last.content.find((b: any) => b.toolResult)?.toolResult;
  if (result)
    return {
      reasoning,
      text: `tool said ${result.content.map((c: any) => c.text ?? JSON.stringify(c.json)).join('')}`,
      stopReason: 'end_turn',
      usage,
    };
  const tools = body.toolConfig?.tools?.filter((t: any) => t.toolSpec) ?? [];
  if (tools.length && (body.toolConfig.toolChoice || said.includes('weather'))) {
    const name = body.toolConfig.toolChoice.tool?.name ?? tools[0].toolSpec.name;
    return {
      reasoning,
      toolUses: [{ toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name, input: { city: 'Paris' } }],
      stopReason: 'tool_use',
      usage,
    };
  }
  const image = body.messages.flatMap((m: any) => m.content).find((b: any) => b.image);
  const text = image
    ? `I see a ${image.image.format} image of ${atob(image.image.source.bytes).length} bytes`
    : `echo: ${said}`;
  return {
    reasoning,
    text,
    stopReason: said.includes('STOP') ? 'stop_sequence' : 'end_turn',
    usage,
  };
}

function scripted(body: any, script: ScriptedReply): Reply {
  const calls = script.toolCalls ?? [];
  if (calls.length)
    return {
      ...usageAndReasoning(body),
      toolUses: calls.map((c, i) => ({
        toolUseId: `tooluse_scripted${i}0123456789ab`,
        name: c.name,
        input: c.input,
      })),
      stopReason: 'tool_use',
    };
  return { ...usageAndReasoning(body), text: script.text ?? '', stopReason: 'end_turn' };
}

function converse(reply: Reply): Response {
  const content: any[] = [];
  if (reply.reasoning) content.push({ reasoningContent: { reasoningText: reply.reasoning } });
  if (reply.text !== undefined) content.push({ text: reply.text });
  for (const toolUse of reply.toolUses ?? []) content.push({ toolUse });
  return jsonResponse(
    {
      output: { message: { role: 'assistant', content } },
      stopReason: reply.stopReason,
      usage: reply.usage,
      metrics: { latencyMs: 321 },
    },
    200,
    { 'x-amzn-requestid': 'req-bedrock-1' },
  );
}

/** One event-stream message; `p` pads payloads the way Bedrock does. */
export function eventFrame(
  eventType: string,
  payload: Record<string, unknown>,
  messageType = 'event',
): Uint8Array {
  const headers: Record<string, { type: 'string'; value: string }> = {
    ':message-type': { type: 'string', value: messageType },
    ':content-type': { type: 'string', value: 'application/json' },
    [messageType === 'exception' ? ':exception-type' : ':event-type']: {
      type: 'string',
      value: eventType,
    },
  };
  return codec.encode({
    headers,
    body: fromUtf8(
      JSON.stringify({
        ...payload,
        ...(messageType === 'event'
          ? { p: 'abcdefghijklmnopqrstuvwxyzABCDEFGH'.slice(0, 5 + eventType.length) }
          : {}),
      }),
    ),
  });
}

function converseStream(reply: Reply, said: string): Response {
  const frames: Uint8Array[] = [eventFrame('messageStart', { role: 'assistant' })];
  let index = 0;
  if (reply.reasoning) {
    frames.push(
      eventFrame('contentBlockDelta', {
        contentBlockIndex: index,
        delta: { reasoningContent: { text: reply.reasoning.text } },
      }),
    );
    frames.push(
      eventFrame('contentBlockDelta', {
        contentBlockIndex: index,
        delta: { reasoningContent: { signature: reply.reasoning.signature } },
      }),
    );
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index++ }));
  }
  if (reply.text !== undefined) {
    for (const piece of reply.text.match(/.{1,4}/gs) ?? [])
      frames.push(
        eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }),
      );
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index++ }));
  }
  for (const { toolUseId, name, input } of reply.toolUses ?? []) {
    frames.push(
      eventFrame('contentBlockStart', {
        contentBlockIndex: index,
        start: { toolUse: { toolUseId, name } },
      }),
    );
    const args = JSON.stringify(input);
    for (const piece of [args.slice(0, 6), args.slice(6)])
      frames.push(
        eventFrame('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { toolUse: { input: piece } },
        }),
      );
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index++ }));
  }
  if (said === 'stream exception') {
    frames.splice(3);
    frames.push(
      eventFrame(
        'modelStreamErrorException',
        { message: 'The model produced an invalid sequence.', originalStatusCode: 500 },
        'exception',
      ),
    );
    return eventStream(frames);
  }
  frames.push(eventFrame('messageStop', { stopReason: reply.stopReason }));
  frames.push(eventFrame('metadata', { usage: reply.usage, metrics: { latencyMs: 123 } }));
  if (said === 'corrupt frame') {
    const broken = frames[3].slice();
    broken[broken.length - 6] ^= 0xff; // payload byte flipped: the message CRC no longer matches
    frames[3] = broken;
  }
  return eventStream(frames, {
    reset: said === 'reset please' ? 3 : undefined,
    cut: said === 'cut frame',
  });
}

/** Concatenates frames and sends them in 37-byte pieces (frames straddle chunks). */
function eventStream(
  frames: Uint8Array[],
  faults: { reset?: number; cut?: boolean } = {},
): Response {
  let all = frames;
  if (faults.reset !== undefined) all = frames.slice(0, faults.reset);
  let bytes = new Uint8Array(all.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of all) {
    bytes.set(f, offset);
    offset += f.length;
  }
  if (faults.cut) bytes = bytes.subarray(0, bytes.length - 10);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let i = 0; i < bytes.length; i += 37) {
        controller.enqueue(bytes.slice(i, i + 37));
        await new Promise((r) => setTimeout(r, 0));
      }
      if (faults.reset !== undefined) controller.error(new Error('connection reset by peer'));
      else controller.close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': 'req-bedrock-stream',
    },
  });
}

function invoke(model: string, body: any): Response {
  if (model.startsWith('amazon.titan-embed')) {
    for (const key of Object.keys(body))
      if (!['inputText', 'dimensions', 'normalize', 'embeddingTypes'].includes(key))
        return awsError(
          400,
          'ValidationException',
          `Malformed input request: extraneous key [${key}] is not permitted`,
        );
    if (typeof body.inputText !== 'string')
      return awsError(
        400,
        'ValidationException',
        'Malformed input request: #: required key [inputText] not found',
      );
    if (body.dimensions !== undefined && ![256, 512, 1024].includes(body.dimensions))
      return awsError(
        400,
        'ValidationException',
        'Malformed input request: #/dimensions: must be one of 256, 512, 1024',
      );
    const dims = body.dimensions ?? 1024;
    return jsonResponse(
      {
        embedding: [body.inputText.length, dims, 0.25],
        inputTextTokenCount: body.inputText.split(' ').length + 1,
      },
      200,
      { 'x-amzn-bedrock-input-token-count': String(body.inputText.split(' ').length + 1) },
    );
  }
  if (model.startsWith('cohere.embed')) {
    if (!Array.isArray(body.texts) || body.texts.length > 96)
      return awsError(
        400,
        'ValidationException',
        'Malformed input request: texts must be an array of at most 96 strings',
      );
    if (
      !['search_document', 'search_query', 'classification', 'clustering'].includes(body.input_type)
    )
      return awsError(
        400,
        'ValidationException',
        'Malformed input request: input_type is required',
      );
    if ('model' in body)
      return awsError(
        400,
        'ValidationException',
        'Malformed input request: extraneous key [model] is not permitted',
      );
    const vectors = body.texts.map((t: string) => [t.length, 0.5]);
    const embeddings = body.embedding_types ? { float: vectors } : vectors;
    return jsonResponse(
      {
        id: 'emb-1',
        embeddings,
        texts: body.texts,
        response_type: body.embedding_types ? 'embeddings_by_type' : 'embeddings_floats',
      },
      200,
      { 'x-amzn-bedrock-input-token-count': String(body.texts.length * 4) },
    );
  }
  return awsError(
    400,
    'ValidationException',
    'This model does not support InvokeModel in this fake.',
  );
}
