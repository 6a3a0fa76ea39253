import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeUpstreams, type FakeHandler } from '../fakes/router';
import { tokenFor, unique } from '../helpers/gateway';
import { anthropicCells } from './cells-anthropic';
import { geminiCells, geminiEmbeddingsCells } from './cells-gemini';
import { completionsCells, embeddingsCells, openaiCells } from './cells-openai';
import { expectUpstream, type MatrixTarget } from './target';

// The front-door × provider matrix (issue 5): every cell is one thing a user of an official SDK
// does, run against every provider kind (one row module per kind in rows/; the test files in
// this folder group rows, since each test file costs seconds of worker start-up). A cell a
// provider cannot serve is not skipped: its row names the clean 4xx the caller gets instead.

export interface Cell {
  id: string;
  title: string;
  /** Which endpoint the cell uses (default chat). */
  needs?: 'chat' | 'completions' | 'embeddings';
  /** The cell checks which provider URL it reached itself (the runner's URL check does not apply). */
  checksUpstream?: boolean;
  run(t: MatrixTarget): Promise<void>;
}

/** What a provider answers to a cell it cannot serve: the status and the words naming what is unsupported. */
export interface Refusal {
  status: number;
  message: RegExp;
}

export const CHAT_CELLS: Cell[] = [...openaiCells, ...anthropicCells, ...geminiCells];
export const EMBEDDINGS_CELLS: Cell[] = [...embeddingsCells, ...geminiEmbeddingsCells];
export const COMPLETIONS_CELLS: Cell[] = completionsCells;

/** One provider kind's row: its fakes, its endpoints and what it refuses. */
export interface MatrixRow extends Omit<MatrixTarget, 'token' | 'upstream'> {
  label: string;
  /** The fake upstreams the row needs, by host. */
  hosts: Record<string, FakeHandler>;
  /** Creates the endpoints named in `chat`, `completions` and `embeddings`. */
  setup(): Promise<void>;
  refusals?: Record<string, Refusal>;
}

/** Runs rows in one test file: one fake router for all of them, one token allowed to query every endpoint. */
export function runMatrixFile(rows: MatrixRow[]) {
  const fakes = installFakeUpstreams(Object.assign({}, ...rows.map((r) => r.hosts)));
  afterAll(() => fakes.restore());
  const targets: MatrixTarget[] = rows.map(
    ({ label: _l, hosts: _h, setup: _s, refusals: _r, ...target }) => ({
      ...target,
      token: '',
      upstream: fakes.calls,
    }),
  );
  beforeAll(async () => {
    for (const row of rows) await row.setup();
    const names = rows
      .flatMap((r) => [r.chat, r.completions, ...Object.values(r.embeddings ?? {})])
      .filter((n): n is string => !!n);
    const token = await tokenFor(
      unique('matrix'),
      Object.fromEntries(names.map((n) => [n, 'CAN_QUERY' as const])),
    );
    for (const t of targets) t.token = token;
  });
  rows.forEach((row, i) => runMatrix(row.label, targets[i], row.refusals));
}

/**
 * Registers the matrix row of one provider kind. `target` is filled in by the file's beforeAll
 * (endpoint names must be set when this runs: they decide which cells apply).
 */
export function runMatrix(
  label: string,
  target: MatrixTarget,
  refusals: Record<string, Refusal> = {},
) {
  const cells = [
    ...(target.chat ? CHAT_CELLS : []),
    ...(target.completions ? COMPLETIONS_CELLS : []),
    ...(target.embeddings ? EMBEDDINGS_CELLS : []),
  ];
  for (const id of Object.keys(refusals))
    if (!cells.some((c) => c.id === id)) throw new Error(`unknown cell ${id}`);
  describe(label, () => {
    for (const cell of cells) {
      const refusal = refusals[cell.id];
      if (refusal) {
        it(`${cell.title}: refused with ${refusal.status}`, async () => {
          const error: any = await cell.run(target).then(
            () => undefined,
            (e) => e,
          );
          expect(error, 'the cell was expected to be refused').toBeDefined();
          expect(error.status).toBe(refusal.status);
          expect(String(error.message)).toMatch(refusal.message);
        });
        continue;
      }
      it(cell.title, async () => {
        const since = target.upstream.length;
        await cell.run(target);
        const url = {
          chat: target.chatUrl,
          completions: target.completionsUrl ?? target.chatUrl,
          embeddings: target.embeddingsUrl,
        }[cell.needs ?? 'chat'];
        if (!cell.checksUpstream) expectUpstream(target, since, url);
      });
    }
  });
}
