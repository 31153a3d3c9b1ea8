/**
 * Where the CLI finds its server and API token: VMMI_TOKEN (and VMMI_SERVER)
 * in the environment, else a config file, VMMI_CONFIG or
 * $XDG_CONFIG_HOME/vmmi/config.json (~/.config/vmmi/config.json):
 * `{"server": "https://…", "token": "vmmi_…"}`. A config file others can
 * read is refused, as ssh refuses such a key.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliInputError } from './io.ts';

const ConfigSchema = z.strictObject({
  server: z.string().max(2000).optional(),
  token: z.string().max(200).optional(),
});

export interface Credentials {
  server?: string;
  token?: string;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.VMMI_CONFIG) return env.VMMI_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'vmmi', 'config.json');
}

function readConfig(path: string, explicit: boolean): Credentials {
  let text: string;
  try {
    const mode = statSync(path).mode;
    if ((mode & 0o077) !== 0)
      throw new CliInputError(
        `${path} may be read by others (chmod 600 it): it holds an API token`,
      );
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof CliInputError) throw err;
    if (explicit) throw new CliInputError(`cannot read the config file ${path}`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliInputError(`${path} is not JSON`);
  }
  const config = ConfigSchema.safeParse(parsed);
  if (!config.success)
    throw new CliInputError(
      `${path}: ${config.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`).join('; ')}`,
    );
  return config.data;
}

export function credentialsOf(env: NodeJS.ProcessEnv = process.env): Credentials {
  const file = readConfig(configPath(env), env.VMMI_CONFIG !== undefined);
  const token = env.VMMI_TOKEN?.trim() || file.token;
  return { ...(file.server && { server: file.server }), ...(token && { token }) };
}
