import type { FinishReason } from '../canonical';

// Cohere finish_reason → canonical (PROTOCOLS §9.2). ERROR and TIMEOUT are failures, not endings.

export const COHERE_FAILURES = new Set(['ERROR', 'TIMEOUT']);

export function decodeCohereFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    default:
      return 'stop';
  }
}
