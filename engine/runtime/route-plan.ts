/**
 * Which routes a run processes, and their parts in order. A route is all parts (RouteConfig rows) with one id,
 * run in `seq` order; only active parts run. A default run (no routes named) takes every route with an active
 * part that is not marked not-in-default-run; naming a route runs it even when it is so marked. Naming a route
 * that does not exist, or has no active part, is a RoutePlanError (a usage error: exit 1).
 */
import type { ChannelConfig, ConfigDocument, RouteConfig } from '../core/config-model.js';

export interface PlannedRoute {
  id: string;
  parts: RouteConfig[];
}

export class RoutePlanError extends Error {
  override name = 'RoutePlanError';
}

export function planRoutes(config: ConfigDocument, requested: readonly string[]): PlannedRoute[] {
  const byId = new Map<string, RouteConfig[]>();
  for (const part of config.routes) {
    if (!part.active) continue;
    const parts = byId.get(part.id) ?? [];
    parts.push(part);
    byId.set(part.id, parts);
  }
  for (const parts of byId.values()) parts.sort((a, b) => a.seq - b.seq);
  if (requested.length === 0) {
    return [...byId.entries()]
      .filter(([, parts]) => !parts.some((p) => p.notInDefaultRun))
      .map(([id, parts]) => ({ id, parts }));
  }
  const known = new Set(config.routes.map((r) => r.id));
  return [...new Set(requested)].map((id) => {
    const parts = byId.get(id);
    if (parts) return { id, parts };
    throw new RoutePlanError(
      known.has(id)
        ? `Route "${id}" has no active part; activate one or run another route`
        : `There is no route "${id}"; \`bots config export\` lists the routes`,
    );
  });
}

/** The channels of a configuration by id. */
export function channelMap(config: ConfigDocument): Map<string, ChannelConfig> {
  return new Map(config.channels.map((c) => [c.id, c]));
}
