// planRoutes: the routes of a run with their active parts in seq order; a default run skips routes marked
// not-in-default-run, a named run takes them; unknown or part-less named routes are RoutePlanErrors.
import { describe, expect, it } from 'vitest';
import { channelMap, planRoutes, RoutePlanError } from '../../../engine/runtime/route-plan.js';
import { configDoc } from '../../helpers/config.js';
import { outChannel, route } from './engine-helpers.js';

const config = configDoc({
  routes: [
    route('orders', 2, { description: 'orders second' }),
    route('orders', 1, { description: 'orders first' }),
    route('manual', 1, { notInDefaultRun: true }),
    route('invoices', 1),
    route('orders', 3, { active: false, description: 'orders inactive' }),
    route('invoices', 0, { description: 'invoices zero' }),
    route('retired', 1, { active: false }),
  ],
});

const ids = (plan: { id: string }[]): string[] => plan.map((p) => p.id);

function planError(requested: string[]): RoutePlanError {
  try {
    planRoutes(config, requested);
  } catch (error) {
    expect(error).toBeInstanceOf(RoutePlanError);
    return error as RoutePlanError;
  }
  throw new Error('no RoutePlanError');
}

describe('planRoutes', () => {
  it('runs by default every route with an active part except the ones not in the default run', () => {
    expect(ids(planRoutes(config, []))).toEqual(['orders', 'invoices']);
  });

  it('sorts the parts of a route by seq and drops inactive parts', () => {
    const [orders, invoices] = planRoutes(config, []);
    expect(orders!.parts.map((p) => p.description)).toEqual(['orders first', 'orders second']);
    expect(orders!.parts.map((p) => p.seq)).toEqual([1, 2]);
    expect(invoices!.parts.map((p) => p.seq)).toEqual([0, 1]);
  });

  it('runs a named route even when it is not in the default run, in the order named, once each', () => {
    expect(ids(planRoutes(config, ['manual']))).toEqual(['manual']);
    expect(ids(planRoutes(config, ['invoices', 'manual', 'invoices']))).toEqual(['invoices', 'manual']);
    expect(planRoutes(config, ['orders'])[0]!.parts.map((p) => p.seq)).toEqual([1, 2]);
  });

  it('refuses a route that does not exist', () => {
    const error = planError(['orders', 'nope']);
    expect(error.name).toBe('RoutePlanError');
    expect(error.message).toBe('There is no route "nope"; `bots config export` lists the routes');
  });

  it('refuses a named route without an active part', () => {
    expect(planError(['retired']).message).toBe(
      'Route "retired" has no active part; activate one or run another route',
    );
  });

  it('plans nothing for a configuration without routes', () => {
    expect(planRoutes(configDoc(), [])).toEqual([]);
  });
});

describe('channelMap', () => {
  it('maps channels by id', () => {
    const a = outChannel('a');
    const b = outChannel('b');
    const map = channelMap(configDoc({ channels: [a, b] }));
    expect(map.get('a')).toBe(a);
    expect(map.get('b')).toBe(b);
    expect(map.size).toBe(2);
  });
});
