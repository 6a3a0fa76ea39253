// The Converse request rules Bedrock enforces (PROTOCOLS §5.1, §9.1), as validation messages.

const TOP_LEVEL = new Set([
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'additionalModelRequestFields',
  'additionalModelResponseFieldPaths',
  'guardrailConfig',
  'promptVariables',
  'requestMetadata',
  'performanceConfig',
]);
const INFERENCE = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);
const BLOCKS = new Set([
  'text',
  'image',
  'document',
  'toolUse',
  'toolResult',
  'reasoningContent',
  'cachePoint',
  'guardContent',
  'video',
]);

/** Models that accept toolChoice `any` and `tool` (Claude, Nova, Mistral Large, also as inference profiles); the rest only `auto`. */
const FORCES_TOOLS = /(^|\.)(anthropic|amazon\.nova|mistral\.mistral-large)/;

export function validateConverse(body: any, model: string): string | undefined {
  for (const key of Object.keys(body))
    if (!TOP_LEVEL.has(key)) return `Unknown parameter in input: "${key}"`;
  for (const key of Object.keys(body.inferenceConfig ?? {}))
    if (!INFERENCE.has(key)) return `Unknown parameter in inferenceConfig: "${key}"`;
  if (!Array.isArray(body.messages) || !body.messages.length)
    return 'A conversation must start with a user message.';
  if (body.messages[0].role !== 'user')
    return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  let toolBlocks = false;
  let openCalls = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (m.role !== 'user' && m.role !== 'assistant')
      return `messages.${i}.role: must be user or assistant`;
    if (i > 0 && body.messages[i - 1].role === m.role)
      return 'A conversation must alternate between user and assistant roles.';
    if (!Array.isArray(m.content) || !m.content.length)
      return `messages.${i}.content: must not be empty`;
    for (const block of m.content) {
      const keys = Object.keys(block);
      if (keys.length !== 1 || !BLOCKS.has(keys[0]))
        return `messages.${i}.content: each block must have exactly one of ${[...BLOCKS].join(', ')}`;
      if (typeof block.text === 'string' && !block.text.trim())
        return 'The text field in the ContentBlock object is blank. Add text to the text field, and try again.';
      if (block.image) {
        if (!['png', 'jpeg', 'gif', 'webp'].includes(block.image.format))
          return `messages.${i}: image format must be png, jpeg, gif or webp`;
        try {
          atob(block.image.source?.bytes ?? '!');
        } catch {
          return `messages.${i}: image bytes must be base64`;
        }
      }
      if (block.toolUse) {
        if (m.role !== 'assistant') return 'toolUse blocks belong to assistant messages.';
        if (typeof block.toolUse.input !== 'object' || Array.isArray(block.toolUse.input))
          return 'toolUse.input must be a JSON object.';
        openCalls.add(block.toolUse.toolUseId);
        toolBlocks = true;
      }
      if (block.toolResult) {
        if (m.role !== 'user') return 'toolResult blocks belong to user messages.';
        if (!openCalls.has(block.toolResult.toolUseId))
          return `The toolUseId ${block.toolResult.toolUseId} in a toolResult does not match a toolUse in the previous turn.`;
        toolBlocks = true;
      }
    }
    if (m.role === 'user') openCalls = new Set();
  }
  if (toolBlocks && !body.toolConfig)
    return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  if (body.toolConfig) {
    if (
      !Array.isArray(body.toolConfig.tools) ||
      !body.toolConfig.tools.some((t: any) => t.toolSpec)
    )
      return 'toolConfig.tools must hold at least one toolSpec.';
    for (const t of body.toolConfig.tools)
      if (t.toolSpec && !t.toolSpec.inputSchema?.json)
        return 'toolSpec.inputSchema.json is required.';
    const choice = body.toolConfig.toolChoice;
    if (
      choice &&
      (Object.keys(choice).length !== 1 ||
        !['auto', 'any', 'tool'].includes(Object.keys(choice)[0]))
    )
      return 'toolChoice must be one of auto, any, tool.';
    const forced = choice && Object.keys(choice)[0] !== 'auto' && Object.keys(choice)[0];
    if (forced && !FORCES_TOOLS.test(model))
      return `This model doesn't support the toolConfig.toolChoice.${forced} field. Remove toolConfig.toolChoice.${forced} and try again.`;
    if (forced && body.additionalModelRequestFields?.thinking?.type === 'enabled')
      return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  for (const s of body.system ?? [])
    if (Object.keys(s).length !== 1 || !('text' in s || 'cachePoint' in s || 'guardContent' in s))
      return 'system blocks must be text, cachePoint or guardContent.';
  return undefined;
}
