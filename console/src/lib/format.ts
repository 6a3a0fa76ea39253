/** Display helpers shared by the pages. */
export const formatNumber = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US');

export const formatMs = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : `${Math.round(n).toLocaleString('en-US')} ms`;

export const formatTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export const formatTags = (tags: Record<string, string> | null | undefined) =>
  tags
    ? Object.entries(tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '';
