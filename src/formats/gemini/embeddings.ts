import type { EmbeddingRequest, EmbeddingResponse } from '../canonical';
import { expectObject, InvalidRequest, optionalNumber, optionalString } from '../invalid-request';

// Gemini embeddings ↔ canonical: `models/{m}:embedContent` ({content, taskType,
// outputDimensionality} → {embedding: {values}}) and `:batchEmbedContents` ({requests: [...]} →
// {embeddings: [{values}]}), which @google/genai uses for `models.embedContent`.

/** Gemini task types → the Cohere-style input types the canonical request carries. */
const INPUT_TYPES: Record<string, string> = {
  RETRIEVAL_DOCUMENT: 'search_document',
  RETRIEVAL_QUERY: 'search_query',
  CLASSIFICATION: 'classification',
  CLUSTERING: 'clustering',
};

interface OneEmbedding {
  text: string;
  taskType?: string;
  dimensions?: number;
}

function decodeOne(raw: unknown, field: string): OneEmbedding {
  const request = expectObject(raw, field);
  const content = expectObject(request.content, `${field}.content`);
  if (!Array.isArray(content.parts) || content.parts.length === 0)
    throw new InvalidRequest('must be a non-empty array of text parts', `${field}.content.parts`);
  const text = content.parts
    .map((p: unknown, i: number) => {
      const part = expectObject(p, `${field}.content.parts[${i}]`);
      if (typeof part.text !== 'string')
        throw new InvalidRequest('only text parts can be embedded', `${field}.content.parts[${i}]`);
      return part.text;
    })
    .join('\n');
  return {
    text,
    taskType: optionalString(request.taskType, `${field}.taskType`),
    dimensions: optionalNumber(request.outputDimensionality, `${field}.outputDimensionality`),
  };
}

/** `batch`: the body of :batchEmbedContents; otherwise of :embedContent. */
export function decodeGeminiEmbedRequest(
  raw: unknown,
  model: string,
  batch: boolean,
): EmbeddingRequest {
  const body = expectObject(raw, 'body');
  let items: OneEmbedding[];
  if (batch) {
    if (!Array.isArray(body.requests) || body.requests.length === 0)
      throw new InvalidRequest('must be a non-empty array', 'requests');
    items = body.requests.map((r: unknown, i: number) => decodeOne(r, `requests[${i}]`));
  } else items = [decodeOne(body, 'body')];
  // One upstream call carries one task type and size; a batch that mixes them cannot be honoured.
  const [first] = items;
  if (items.some((i) => i.taskType !== first.taskType || i.dimensions !== first.dimensions)) {
    throw new InvalidRequest(
      'every request of a batch must have the same taskType and outputDimensionality',
      'requests',
    );
  }
  return {
    model,
    input: items.map((i) => i.text),
    dimensions: first.dimensions,
    encodingFormat: 'float',
    inputType: first.taskType
      ? (INPUT_TYPES[first.taskType] ?? first.taskType.toLowerCase())
      : undefined,
    extra: {},
  };
}

export function encodeGeminiEmbedResponse(
  res: EmbeddingResponse,
  batch: boolean,
): Record<string, unknown> {
  if (batch) return { embeddings: res.embeddings.map((values) => ({ values })) };
  return { embedding: { values: res.embeddings[0] ?? [] } };
}
