import type { z } from 'zod';

// Config problems as one line of text: `path: message`, the first problems first.

export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export const describeIssues = (error: z.ZodError) => error.issues.map(formatIssue).join('; ');
