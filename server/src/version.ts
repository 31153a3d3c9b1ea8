/** The server's version, reported by /api/health so a NOC screen can tell when a deploy happened. */
import pkg from '../package.json' with { type: 'json' };

export const SERVER_VERSION: string = pkg.version;
