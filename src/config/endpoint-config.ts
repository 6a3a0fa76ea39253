import * as z from 'zod/mini';
import { aiGatewayConfig } from './ai-gateway';
import { externalModel } from './external-model';

// A serving endpoint's `config` (CONTRACT §4): its served entities and traffic split, and the
// body that creates an endpoint. Validated on every write and again when the data plane loads it.

const servedEntity = z.strictObject({
  name: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_.-]{1,63}$/,
          'must be 1-63 letters, digits, dots, dashes or underscores',
        ),
      ),
  ),
  external_model: externalModel,
  workload_size: z.optional(z.string()),
  scale_to_zero_enabled: z.optional(z.boolean()),
});
export type ServedEntityConfig = z.infer<typeof servedEntity>;

/** A served entity is named after its model unless it says otherwise. */
export const entityName = (entity: ServedEntityConfig) => entity.name ?? entity.external_model.name;

const route = z
  .strictObject({
    served_model_name: z.optional(z.string().check(z.minLength(1))),
    served_entity_name: z.optional(z.string().check(z.minLength(1))),
    traffic_percentage: z.int().check(z.minimum(0), z.maximum(100)),
  })
  .check(
    z.refine((r) => r.served_model_name || r.served_entity_name, {
      message: 'served_model_name is required',
    }),
  );
export type TrafficRoute = z.infer<typeof route>;

/** The served entity a route sends traffic to (either name field may say it). */
export const routeTarget = (r: TrafficRoute) => (r.served_model_name ?? r.served_entity_name)!;

export const endpointCoreConfig = z
  .strictObject({
    served_entities: z
      .array(servedEntity)
      .check(z.minLength(1, 'at least one served entity is required')),
    traffic_config: z.optional(z.strictObject({ routes: z.array(route).check(z.minLength(1)) })),
  })
  .check(
    z.superRefine((config, ctx) => {
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
    }),
  );
export type EndpointCoreConfig = z.infer<typeof endpointCoreConfig>;

export const endpointName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, dashes or underscores'));

/** POST /api/2.0/serving-endpoints */
export const createEndpointBody = z.strictObject({
  name: endpointName,
  config: endpointCoreConfig,
  ai_gateway: z.optional(aiGatewayConfig),
  tags: z.optional(
    z.array(
      z.strictObject({ key: z.string().check(z.minLength(1)), value: z.optional(z.string()) }),
    ),
  ),
  description: z.optional(z.string()),
});
