import {
  anthropicView,
  bedrockView,
  cohereView,
  geminiView,
  openAIChatView,
  responsesView,
  toOpenAIReply,
  type ConversationView,
  type ScriptedReply,
} from '../../fakes/conversation-view';

// What the fake providers answer a coding agent: a task "Read the file <path> …" gets a call to
// the agent's own file-reading tool, the tool's result is quoted back (so the agent's final answer
// proves the result went round), anything else gets a short answer.

export const CODE_WORD = 'PAPAYA-42';
export const PLAIN_ANSWER = 'pong from the fake provider';

/** The file-reading tools of the agents, and how each names the path. */
const READERS: Record<string, (file: string) => Record<string, unknown>> = {
  Read: (file) => ({ file_path: file }), // Claude Code
  read_file: (file) => ({ absolute_path: file, file_path: file }), // Gemini CLI
  shell: (file) => ({ command: ['cat', file] }), // Codex
  exec_command: (file) => ({ cmd: `cat ${file}` }), // Codex
};

export function agentReply(view: ConversationView): ScriptedReply {
  if (view.toolResult !== undefined) return { text: `The file says: ${view.toolResult}` };
  const task = /Read the file (\S+)/.exec(view.lastUserText);
  const reader = view.tools.find((t) => READERS[t.name]);
  if (task && reader)
    return { toolCalls: [{ name: reader.name, input: READERS[reader.name](task[1]) }] };
  return { text: PLAIN_ANSWER };
}

export const agentScripts = {
  openai: (body: any) =>
    toOpenAIReply(
      agentReply(body.input !== undefined ? responsesView(body) : openAIChatView(body)),
    ),
  anthropic: (body: any) => agentReply(anthropicView(body)),
  gemini: (body: any) => {
    const reply = agentReply(geminiView(body));
    return {
      text: reply.text,
      toolCalls: reply.toolCalls?.map((c) => ({ name: c.name, args: c.input })),
    };
  },
  bedrock: (body: any) => agentReply(bedrockView(body)),
  cohere: (body: any) => {
    const reply = toOpenAIReply(agentReply(cohereView(body)));
    return { text: reply.text, toolCall: reply.toolCalls?.[0] };
  },
};
