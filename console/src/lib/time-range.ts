/** The dashboard's time ranges: a preset relative to now, or custom bounds. */
export type RangeChoice = 'hour' | 'day' | 'week' | '30days' | 'custom';

export const RANGE_LABELS: Record<RangeChoice, string> = {
  hour: 'Last hour',
  day: 'Last day',
  week: 'Last week',
  '30days': 'Last 30 days',
  custom: 'Custom',
};

const PRESET_MS: Record<Exclude<RangeChoice, 'custom'>, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  '30days': 30 * 86_400_000,
};

/** [start, end) in epoch ms; a custom range needs both bounds, and they are put in order. */
export function resolveRange(
  choice: RangeChoice,
  now: number,
  custom?: { start: number; end: number },
): { start: number; end: number } {
  if (choice !== 'custom') return { start: now - PRESET_MS[choice], end: now };
  if (!custom) return { start: now - PRESET_MS.day, end: now };
  return custom.start <= custom.end ? custom : { start: custom.end, end: custom.start };
}
