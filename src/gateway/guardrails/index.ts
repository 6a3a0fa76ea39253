import type { AiGatewayConfig } from '../../config/ai-gateway';
import type { Env } from '../../env';
import type {
  ChatRequest,
  ChatResponse,
  ContentPart,
  GatewayErrorInfo,
  Message,
} from '../../formats/canonical';
import { GatewayError } from '../errors';
import type { EventTap } from '../stream-pipeline';
import type { UsageRecorder } from '../usage';
import { askJudge, type JudgeQuestion } from './judge';
import { keywordMatcher, type KeywordMatcher } from './keywords';
import { findPii, maskMatches, type PiiMatch } from './pii';
import { streamGuard } from './stream-guard';

// ai_gateway.guardrails on canonical requests and responses, for every chat dialect and provider.
// Input: pii (BLOCK / MASK), invalid_keywords, safety and valid_topics (judged) before any
// upstream call. Output: the same on the answer; on streams pii and keywords act chunk by chunk,
// while the judged ones see the whole text only when it has been sent (recorded, not retracted).

type Side = 'input' | 'output';
type SideConfig = NonNullable<NonNullable<AiGatewayConfig['guardrails']>['input']>;

interface SideResults {
  pii?: { behavior: string; detected: Record<string, number> };
  invalid_keywords?: { found: string | null };
  safety?: { safe: boolean; reason?: string };
  valid_topics?: { on_topic: boolean; reason?: string };
}

/** What the usage row's guardrail_results holds. */
export interface GuardrailResults {
  input?: SideResults;
  output?: SideResults;
  blocked_by?: string;
}

const activeSide = (s: SideConfig | undefined): s is SideConfig =>
  !!s &&
  (!!s.safety ||
    (!!s.pii && s.pii.behavior !== 'NONE') ||
    !!s.invalid_keywords?.length ||
    !!s.valid_topics?.length);

/** Whether any guardrail must read bodies (so nothing may be passed through untranslated). */
export function hasGuardrails(config: AiGatewayConfig): boolean {
  return activeSide(config.guardrails?.input) || activeSide(config.guardrails?.output);
}

export interface Guardrails {
  /** Checks (and masks, in place) the request; throws a 400 naming the guardrail that fired. */
  checkInput(req: ChatRequest): Promise<void>;
  /** Checks (and masks, in place) a whole answer; throws a 400 naming the guardrail that fired. */
  checkOutput(res: ChatResponse): Promise<void>;
  /** The stream tap for output guardrails, or null when the output side has none. */
  outputTap(): EventTap | null;
}

export function guardrailsFor(
  env: Env,
  config: AiGatewayConfig,
  recorder: UsageRecorder,
  signal?: AbortSignal,
): Guardrails | null {
  if (!hasGuardrails(config)) return null;
  const g = config.guardrails!;
  const results: GuardrailResults = {};
  recorder.guardrails(results as Record<string, unknown>);

  const blocked = (side: Side, guardrail: string, detail: string): GatewayErrorInfo => {
    results.blocked_by = `${side}.${guardrail}`;
    const what = side === 'input' ? 'request' : 'response';
    return {
      status: 400,
      message: `The ${what} was blocked by the ${side} guardrail '${guardrail}': ${detail}.`,
      code: 'guardrail_blocked',
    };
  };
  const fail = (side: Side, guardrail: string, detail: string) => {
    const info = blocked(side, guardrail, detail);
    return new GatewayError({ status: info.status, message: info.message, code: info.code });
  };
  const sideResults = (side: Side) => (results[side] ??= {});
  const countPii = (side: Side, behavior: string) => (m: PiiMatch) => {
    const r = (sideResults(side).pii ??= { behavior, detected: {} });
    r.detected[m.type] = (r.detected[m.type] ?? 0) + 1;
  };

  /** pii and invalid_keywords over every text, masking in place where asked. */
  const scanTexts = (side: Side, cfg: SideConfig, texts: TextRef[]) => {
    const keywords = keywordMatcher(cfg.invalid_keywords ?? []);
    if (keywords) {
      const found = texts.map((t) => keywords.find(t.get())).find(Boolean);
      sideResults(side).invalid_keywords = { found: found?.keyword ?? null };
      if (found) throw fail(side, 'invalid_keywords', `'${found.keyword}'`);
    }
    const behavior = cfg.pii?.behavior ?? 'NONE';
    if (behavior === 'NONE') return;
    sideResults(side).pii = { behavior, detected: {} };
    for (const t of texts) {
      const text = t.get();
      const matches = findPii(text);
      matches.forEach(countPii(side, behavior));
      if (matches.length && behavior === 'BLOCK')
        throw fail(side, 'pii', matches.map((m) => m.type).join(', '));
      if (matches.length) t.set(maskMatches(text, matches));
    }
  };

  const judge = async (side: Side, cfg: SideConfig, text: string, enforce: boolean) => {
    const question: JudgeQuestion = {
      safety: !!cfg.safety,
      topics: cfg.valid_topics?.length ? cfg.valid_topics : undefined,
    };
    if (!question.safety && !question.topics) return;
    const verdict = await askJudge(env, g.judge_endpoint!, question, text, {
      signal,
      waitUntil: (work) => recorder.waitUntil(work),
    });
    const r = sideResults(side);
    if (verdict.safe !== undefined) r.safety = { safe: verdict.safe, reason: verdict.reason };
    if (verdict.onTopic !== undefined)
      r.valid_topics = { on_topic: verdict.onTopic, reason: verdict.reason };
    if (!enforce) return;
    if (verdict.safe === false)
      throw fail(
        side,
        'safety',
        `the content was judged unsafe${verdict.reason ? ` (${verdict.reason})` : ''}`,
      );
    if (verdict.onTopic === false)
      throw fail(side, 'valid_topics', `the content is not about ${cfg.valid_topics!.join(', ')}`);
  };

  return {
    async checkInput(req) {
      if (!activeSide(g.input)) return;
      scanTexts('input', g.input, requestTexts(req.messages));
      await judge('input', g.input, lastUserText(req.messages), true);
    },
    async checkOutput(res) {
      if (!activeSide(g.output)) return;
      const texts = res.content
        .filter((p) => p.type === 'text')
        .map((p) => ({ get: () => p.text, set: (v: string) => (p.text = v) }));
      scanTexts('output', g.output, texts);
      await judge('output', g.output, texts.map((t) => t.get()).join(''), true);
    },
    outputTap() {
      const out = g.output;
      if (!activeSide(out)) return null;
      const behavior = out.pii?.behavior ?? 'NONE';
      const keywords: KeywordMatcher | null = keywordMatcher(out.invalid_keywords ?? []);
      if (behavior !== 'NONE') sideResults('output').pii = { behavior, detected: {} };
      if (keywords) sideResults('output').invalid_keywords = { found: null };
      const tap = streamGuard({
        pii: behavior,
        keywords,
        onPii: countPii('output', behavior),
        blocked: (guardrail, detail) => {
          if (guardrail === 'invalid_keywords')
            sideResults('output').invalid_keywords = { found: detail.slice(1, -1) };
          return blocked('output', guardrail, detail);
        },
      });
      if (!out.safety && !out.valid_topics?.length) return tap;
      // The judged guardrails need the whole answer: judged once it was sent, and recorded.
      let text = '';
      recorder.onFinish(() => judge('output', out, text, false).catch(() => {}));
      return {
        event(e) {
          if (e.type === 'text') text += e.text;
          return tap.event(e);
        },
        end: () => tap.end?.() ?? [],
      };
    },
  };
}

interface TextRef {
  get(): string;
  set(value: string): void;
}

/** Every text the caller sent: message text, tool results and text documents. */
function requestTexts(messages: Message[]): TextRef[] {
  const refs: TextRef[] = [];
  const visit = (part: ContentPart) => {
    if (part.type === 'text') refs.push({ get: () => part.text, set: (v) => (part.text = v) });
    else if (part.type === 'tool_result') part.content.forEach(visit);
    else if (part.type === 'document' && part.source.kind === 'text') {
      const source = part.source;
      refs.push({ get: () => source.text, set: (v) => (source.text = v) });
    }
  };
  messages.forEach((m) => m.content.forEach(visit));
  return refs;
}

function lastUserText(messages: Message[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return last
    ? requestTexts([last])
        .map((t) => t.get())
        .join('\n')
    : '';
}
