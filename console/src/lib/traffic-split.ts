import type { ServedEntity, TrafficRoute } from '../api/types';

// The endpoint's traffic_config (CONTRACT §4) as one percentage per served entity.

export interface SplitRow {
  entity: string;
  /** As typed, so an emptied box is not read as 0 while the user types. */
  percentage: string;
}

/** A served entity is named after its model unless it says otherwise (as the gateway names it). */
export const entityName = (e: ServedEntity) => e.name ?? e.external_model.name;

/**
 * One row per served entity with its stored share. Without a traffic_config the gateway sends
 * everything to the first entity, so that is what the form starts from.
 */
export function splitRows(
  entities: ServedEntity[],
  traffic: { routes?: TrafficRoute[] } | undefined,
): SplitRow[] {
  const routes = traffic?.routes;
  return entities.map((e, i) => {
    const name = entityName(e);
    const route = routes?.find((r) => (r.served_model_name ?? r.served_entity_name) === name);
    const share = routes ? (route?.traffic_percentage ?? 0) : i === 0 ? 100 : 0;
    return { entity: name, percentage: String(share) };
  });
}

/** The sum of the whole-number shares typed so far; NaN when one is not a number. */
export const splitTotal = (rows: SplitRow[]) =>
  rows.reduce((sum, r) => sum + Number(r.percentage || 0), 0);

/** Why the split would be refused, or an empty list. */
export function splitErrors(rows: SplitRow[]): string[] {
  const errors = rows
    .filter((r) => {
      const n = Number(r.percentage || 0);
      return !Number.isInteger(n) || n < 0 || n > 100;
    })
    .map((r) => `${r.entity}: the share must be a whole number from 0 to 100.`);
  const total = splitTotal(rows);
  if (!errors.length && total !== 100) errors.push(`The shares add up to ${total}, not 100.`);
  return errors;
}

/** The traffic_config PUT with the rest of the config to /config. */
export const trafficConfig = (rows: SplitRow[]) => ({
  routes: rows.map((r) => ({
    served_model_name: r.entity,
    traffic_percentage: Number(r.percentage || 0),
  })),
});
