import { invalidParameter, resourceMissing } from '../gateway/errors';
import type { AiGatewayConfig } from '../config/ai-gateway';

// Rules of the ai_gateway block that need more than its shape.

export async function checkAiGateway(
  db: D1Database,
  config: AiGatewayConfig,
  endpointName: string,
): Promise<void> {
  const g = config.guardrails;
  const needsJudge = [g?.input, g?.output].some(
    (side) => side?.safety || side?.valid_topics?.length,
  );
  if (!needsJudge) return;
  if (!g?.judge_endpoint) {
    throw invalidParameter(
      'guardrails: safety and valid_topics are judged by a model; set guardrails.judge_endpoint to a chat serving endpoint on this gateway.',
    );
  }
  if (g.judge_endpoint === endpointName)
    throw invalidParameter('guardrails.judge_endpoint: an endpoint cannot judge itself.');
  const judge = await db
    .prepare('SELECT task FROM serving_endpoints WHERE name = ?')
    .bind(g.judge_endpoint)
    .first<{ task: string }>();
  if (!judge)
    throw resourceMissing(
      `guardrails.judge_endpoint: serving endpoint '${g.judge_endpoint}' does not exist.`,
    );
  if (judge.task !== 'llm/v1/chat')
    throw invalidParameter(
      `guardrails.judge_endpoint: '${g.judge_endpoint}' must serve llm/v1/chat.`,
    );
}
