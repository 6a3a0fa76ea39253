/** What a serving endpoint does (CONTRACT §4); every served entity of an endpoint has the same task. */
export const TASKS = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'] as const;
export type Task = (typeof TASKS)[number];
