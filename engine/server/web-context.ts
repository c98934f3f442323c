/**
 * What the web role's routes share: the store, the workspace, the clock, and the policies people can set
 * (session lifetimes, login limits, cookies, CORS, body size). Defaults are safe for a machine exposed on a network.
 */
import type { WorkspaceLayout } from '../runtime/workspace.js';
import type { Store } from '../store/store.js';
import type { Heartbeat } from './health.js';
import type { ProcessMetrics } from './metrics.js';

export interface SessionPolicy {
  /** A session unused this long ends (default 12 hours). */
  idleMs: number;
  /** A session ends this long after log-in, however active (default 7 days). */
  maxMs: number;
  /** Send the cookie only over HTTPS (default: when the request came over HTTPS, or BOTS_COOKIE_SECURE=true). */
  secureCookie: 'auto' | boolean;
}

export interface LoginPolicy {
  /** Failures counted within this window (default 15 minutes)... */
  windowMs: number;
  /** ...lock a user name after this many (default 5)... */
  maxFailuresPerUser: number;
  /** ...or a client address after this many (default 20)... */
  maxFailuresPerAddress: number;
  /** ...for this long (default 15 minutes). */
  lockMs: number;
}

export interface WebOptions {
  session: SessionPolicy;
  login: LoginPolicy;
  /** Origins allowed to call the API from a browser page elsewhere; empty (the default) turns CORS off. */
  corsOrigins: readonly string[];
  /** Largest request body in bytes (default 10 MiB); larger ones get 413. */
  bodyLimit: number;
  /** Trust X-Forwarded-For from a reverse proxy in front (default false). */
  trustProxy: boolean;
}

export interface WebContext {
  store: Store;
  layout: WorkspaceLayout;
  options: WebOptions;
  now(): Date;
  /** For /health/live; ticks while the event loop runs. */
  heartbeat: Heartbeat;
  /** True once the role has started. */
  started(): boolean;
  /** This process's metrics (HTTP requests are counted into it). */
  processMetrics: ProcessMetrics;
}

export const DEFAULT_WEB_OPTIONS: WebOptions = {
  session: { idleMs: 12 * 3600_000, maxMs: 7 * 24 * 3600_000, secureCookie: 'auto' },
  login: { windowMs: 15 * 60_000, maxFailuresPerUser: 5, maxFailuresPerAddress: 20, lockMs: 15 * 60_000 },
  corsOrigins: [],
  bodyLimit: 10 * 1024 * 1024,
  trustProxy: false,
};
