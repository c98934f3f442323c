/**
 * Where the web role listens and its policies, from flags > environment > defaults:
 * BOTS_WEB_HOST (default 127.0.0.1: reachable from this machine only; 0.0.0.0 in containers), BOTS_WEB_PORT
 * (8080), BOTS_CORS_ORIGINS (comma-separated origins; none by default), BOTS_COOKIE_SECURE (auto|true|false),
 * BOTS_TRUST_PROXY (false), BOTS_MAX_BODY_BYTES (10 MiB), BOTS_SESSION_IDLE_MINUTES (720),
 * BOTS_SESSION_MAX_HOURS (168). A bad value is an error that names the variable.
 */
import { DEFAULT_WEB_OPTIONS, type WebOptions } from './web-context.js';

export interface WebSettings {
  host: string;
  port: number;
  options: WebOptions;
}

export class WebSettingsError extends Error {
  override name = 'WebSettingsError';
}

export const DEFAULT_WEB_PORT = 8080;

export function webSettings(
  flags: { host?: string | undefined; port?: number | undefined },
  env: NodeJS.ProcessEnv = process.env,
): WebSettings {
  const defaults = DEFAULT_WEB_OPTIONS;
  const cookie = env['BOTS_COOKIE_SECURE'] || 'auto';
  if (!['auto', 'true', 'false'].includes(cookie))
    throw new WebSettingsError(`BOTS_COOKIE_SECURE must be auto, true or false; got "${cookie}"`);
  return {
    host: flags.host ?? (env['BOTS_WEB_HOST'] || '127.0.0.1'),
    port: flags.port ?? integer(env, 'BOTS_WEB_PORT', DEFAULT_WEB_PORT, 1, 65535),
    options: {
      session: {
        idleMs:
          integer(env, 'BOTS_SESSION_IDLE_MINUTES', defaults.session.idleMs / 60_000, 1, 525_600) * 60_000,
        maxMs: integer(env, 'BOTS_SESSION_MAX_HOURS', defaults.session.maxMs / 3600_000, 1, 8760) * 3600_000,
        secureCookie: cookie === 'auto' ? 'auto' : cookie === 'true',
      },
      login: defaults.login,
      corsOrigins: (env['BOTS_CORS_ORIGINS'] ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
      bodyLimit: integer(env, 'BOTS_MAX_BODY_BYTES', defaults.bodyLimit, 1024, 2 ** 31 - 1),
      trustProxy: boolean(env, 'BOTS_TRUST_PROXY', defaults.trustProxy),
    },
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new WebSettingsError(`${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (text !== 'true' && text !== 'false')
    throw new WebSettingsError(`${name} must be true or false; got "${text}"`);
  return text === 'true';
}

/** The address people open: the listening host, or 127.0.0.1 when it listens on every interface. */
export function adminUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}
