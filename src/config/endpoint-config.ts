import * as z from 'zod';
import { aiGatewayConfig } from './ai-gateway';
import { externalModel } from './external-model';

// A serving endpoint's `config` (CONTRACT §4): its served entities and traffic split, and the
// body that creates an endpoint. Validated on every write and again when the data plane loads it.

const servedEntity = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,63}$/, 'must be 1-63 letters, digits, dots, dashes or underscores')
    .optional(),
  external_model: externalModel,
  workload_size: z.string().optional(),
  scale_to_zero_enabled: z.boolean().optional(),
});
export type ServedEntityConfig = z.infer<typeof servedEntity>;

/** A served entity is named after its model unless it says otherwise. */
export const entityName = (entity: ServedEntityConfig) => entity.name ?? entity.external_model.name;

const route = z
  .strictObject({
    served_model_name: z.string().min(1).optional(),
    served_entity_name: z.string().min(1).optional(),
    traffic_percentage: z.number().int().min(0).max(100),
  })
  .refine((r) => r.served_model_name || r.served_entity_name, {
    message: 'served_model_name is required',
  });
export type TrafficRoute = z.infer<typeof route>;

/** The served entity a route sends traffic to (either name field may say it). */
export const routeTarget = (r: TrafficRoute) => (r.served_model_name ?? r.served_entity_name)!;

export const endpointCoreConfig = z
  .strictObject({
    served_entities: z.array(servedEntity).min(1, 'at least one served entity is required'),
    traffic_config: z.strictObject({ routes: z.array(route).min(1) }).optional(),
  })
  .superRefine((config, ctx) => {
    const names = config.served_entities.map(entityName);
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name))
        ctx.addIssue({
          code: 'custom',
          path: ['served_entities', i, 'name'],
          message: `duplicate served entity name '${name}'`,
        });
      seen.add(name);
    });
    const tasks = new Set(config.served_entities.map((e) => e.external_model.task));
    if (tasks.size > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['served_entities'],
        message: 'all served entities must have the same task',
      });
    const routes = config.traffic_config?.routes;
    if (routes) {
      routes.forEach((r, i) => {
        const target = routeTarget(r);
        if (!seen.has(target)) {
          ctx.addIssue({
            code: 'custom',
            path: ['traffic_config', 'routes', i, 'served_model_name'],
            message: `route names '${target}', which is not a served entity`,
          });
        }
      });
      const sum = routes.reduce((s, r) => s + r.traffic_percentage, 0);
      if (sum !== 100)
        ctx.addIssue({
          code: 'custom',
          path: ['traffic_config', 'routes'],
          message: `traffic percentages must sum to 100, got ${sum}`,
        });
    }
  });
export type EndpointCoreConfig = z.infer<typeof endpointCoreConfig>;

export const endpointName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, dashes or underscores');

/** POST /api/2.0/serving-endpoints */
export const createEndpointBody = z.strictObject({
  name: endpointName,
  config: endpointCoreConfig,
  ai_gateway: aiGatewayConfig.optional(),
  tags: z
    .array(z.strictObject({ key: z.string().min(1), value: z.string().optional() }))
    .optional(),
  description: z.string().optional(),
});
