import { entityName, routeTarget, type EndpointCoreConfig } from './endpoint-config';
import { providerBlock, type ProviderBlock } from './external-model';
import type { ProviderName } from './providers';
import type { Task } from './tasks';

// Served entities as the data plane uses them: one per served_entities item of a validated config.

/** A served entity of provider P (of any provider by default), its `config` typed by `provider`. */
export type ServedEntity<P extends ProviderName = ProviderName> = ProviderBlock<P> & {
  name: string;
  /** The provider's model name (external_model.name). */
  model: string;
  task: Task;
  /** Share of traffic, 0-100. */
  trafficPercentage: number;
};

export function servedEntities(config: EndpointCoreConfig): ServedEntity[] {
  const routes = config.traffic_config?.routes;
  return config.served_entities.map((e, i) => {
    const name = entityName(e);
    const route = routes?.find((r) => routeTarget(r) === name);
    return {
      ...providerBlock(e.external_model),
      name,
      model: e.external_model.name,
      task: e.external_model.task,
      // Without a traffic config, all traffic goes to the first entity; the others serve as fallbacks.
      trafficPercentage: routes ? (route?.traffic_percentage ?? 0) : i === 0 ? 100 : 0,
    };
  });
}
