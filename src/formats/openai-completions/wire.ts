import type { UpstreamUsage } from '../openai-chat/wire';

// What an OpenAI-format provider sends on legacy Completions (PROTOCOLS §1.2), read with every
// field optional since the decoder checks each one it uses.

export interface UpstreamTextCompletion {
  id?: string;
  model?: string;
  created?: number;
  choices?: Array<{ text?: string; finish_reason?: string | null }>;
  usage?: UpstreamUsage | null;
}
