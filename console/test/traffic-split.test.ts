import { describe, expect, it } from 'vitest';
import type { ServedEntity } from '../src/api/types';
import { splitErrors, splitRows, splitTotal, trafficConfig } from '../src/lib/traffic-split';

const entity = (model: string, name?: string): ServedEntity => ({
  ...(name && { name }),
  external_model: { name: model, provider: 'openai', task: 'llm/v1/chat' },
});
const entities = [entity('gpt-4o', 'a'), entity('gpt-4o-mini')];

describe('traffic split', () => {
  it('starts with everything on the first entity when no split is stored', () => {
    expect(splitRows(entities, undefined)).toEqual([
      { entity: 'a', percentage: '100' },
      { entity: 'gpt-4o-mini', percentage: '0' },
    ]);
  });

  it('reads routes by either name field; an entity without a route gets 0', () => {
    const rows = splitRows([...entities, entity('x')], {
      routes: [
        { served_model_name: 'a', traffic_percentage: 30 },
        { served_entity_name: 'gpt-4o-mini', traffic_percentage: 70 },
      ],
    });
    expect(rows.map((r) => r.percentage)).toEqual(['30', '70', '0']);
    expect(trafficConfig(rows)).toEqual({
      routes: [
        { served_model_name: 'a', traffic_percentage: 30 },
        { served_model_name: 'gpt-4o-mini', traffic_percentage: 70 },
        { served_model_name: 'x', traffic_percentage: 0 },
      ],
    });
  });

  it('totals as typed, an empty box counting 0, and must reach exactly 100', () => {
    const rows = [
      { entity: 'a', percentage: '60' },
      { entity: 'b', percentage: '' },
    ];
    expect(splitTotal(rows)).toBe(60);
    expect(splitErrors(rows)).toEqual(['The shares add up to 60, not 100.']);
    rows[1].percentage = '40';
    expect(splitErrors(rows)).toEqual([]);
  });

  it('names a share that is not a whole number from 0 to 100', () => {
    expect(
      splitErrors([
        { entity: 'a', percentage: '50.5' },
        { entity: 'b', percentage: '-1' },
        { entity: 'c', percentage: '50' },
      ]),
    ).toEqual([
      'a: the share must be a whole number from 0 to 100.',
      'b: the share must be a whole number from 0 to 100.',
    ]);
  });
});
