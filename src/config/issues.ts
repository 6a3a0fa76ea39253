import { en } from 'zod/locales';
import * as z from 'zod/mini';

// Config problems as one line of text: `path: message`, the first problems first.

// zod/mini loads no locale (its issues would all read "Invalid input"): English, as zod's classic
// API sets it. Every schema's messages come through here, so this module is where it is set.
z.config(en());

export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export const describeIssues = (error: z.core.$ZodError) => error.issues.map(formatIssue).join('; ');
