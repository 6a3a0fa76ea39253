import type { ChatResponse, FinishReason } from './canonical';

// Finish reasons by table, one table per dialect (its folder's finish-reason file). A value no
// table lists becomes `other` with the provider's value kept, never silently `stop`.

/** A dialect's wire values and the canonical reason each stands for. */
export type FinishReasonTable = Readonly<Record<string, FinishReason>>;

/** What a canonical reason becomes in a dialect when the provider's value cannot go out as is. */
export type FinishReasonEncoding<Wire extends string = string> = Readonly<
  Record<FinishReason, Wire>
>;

/** A decoded finish reason, shaped to spread into a canonical finish event. */
export interface DecodedFinishReason {
  reason: FinishReason;
  /** The provider's value; absent when it sent none. */
  rawReason?: string;
}

/** A provider's value → canonical. No value at all (null, missing, empty) means a plain stop, as it always has. */
export function decodeFinishReason(table: FinishReasonTable, value: unknown): DecodedFinishReason {
  if (typeof value !== 'string' || value === '') return { reason: 'stop' };
  return { reason: Object.hasOwn(table, value) ? table[value] : 'other', rawReason: value };
}

/**
 * Canonical → a caller's value. The provider's value goes out unchanged when `writes` (the values
 * the caller's dialect can be sent) has it with the same meaning, or when the reason is `other`:
 * a same-format provider's value reaches its caller intact. Otherwise `encoding[reason]`.
 */
export function encodeFinishReason<Wire extends string>(
  writes: Readonly<Record<Wire, FinishReason>>,
  encoding: FinishReasonEncoding<Wire>,
  reason: FinishReason,
  rawReason: string | undefined,
): Wire {
  if (rawReason !== undefined && Object.hasOwn(writes, rawReason)) {
    const raw = rawReason as Wire;
    if (reason === 'other' || writes[raw] === reason) return raw;
  }
  return encoding[reason];
}

/** A decoded reason as a canonical response's fields. */
export function responseFinish(
  decoded: DecodedFinishReason,
): Pick<ChatResponse, 'finishReason' | 'rawFinishReason'> {
  return {
    finishReason: decoded.reason,
    ...(decoded.rawReason !== undefined ? { rawFinishReason: decoded.rawReason } : {}),
  };
}
