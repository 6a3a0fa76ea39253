// Gemini GenerateContent wire shapes (PROTOCOLS §4.1). What the gateway writes is exact; what
// a Gemini provider sends (Upstream…) is read with every field optional, since the decoders
// check each one they use. Parts are read by decodeParts from `unknown`, for callers' requests
// and providers' answers alike (with either field spelling, fields.ts).

// ---- written ----

/** One part: text (a thought when `thought`), media, a function call or a function response. */
export interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { name: string; args: Record<string, unknown>; id?: string };
  functionResponse?: { name: string; response: Record<string, unknown>; id?: string };
}

export interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

// ---- read from a provider ----

export interface UpstreamUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}

export interface UpstreamError {
  code?: number;
  message?: string;
  status?: string;
}

export interface UpstreamErrorBody {
  error?: UpstreamError;
}

export interface UpstreamResponse {
  candidates?: Array<{ content?: { parts?: unknown[] }; finishReason?: string }>;
  /** A prompt blocked up front: a blockReason and no candidates. */
  promptFeedback?: { blockReason?: string };
  usageMetadata?: UpstreamUsage;
  modelVersion?: string;
  responseId?: string;
  /** Vertex only. */
  createTime?: string;
  /** A stream chunk that reports a failure. */
  error?: UpstreamError;
}
