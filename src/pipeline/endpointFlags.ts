/**
 * Where the requests of the command line and the MCP server go, from their flags: an Azure resource, or a base
 * URL and what a compatible server's models take (`--compatible-models` as JSON, or with `@` a file's).
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { endpointFromFlags, type CompatibleFlags, type EndpointSettings } from '../core/compatibleFlags';
import { azureRouteFromFlags, type AzureRoute, type ProviderFlags } from '../core/providers';

/** The most of a declarations file that is read: it is a few lines of JSON. */
const MAX_DECLARATIONS_BYTES = 1024 * 1024;

/** `--compatible-models` as JSON text: the flag itself, or with `@` the file it names. */
export function declarationText(flag: string | undefined, cwd: string): { text?: string } | { wrong: string } {
  if (flag === undefined || !flag.startsWith('@')) return { text: flag };
  const file = path.resolve(cwd, flag.slice(1));
  try {
    if (statSync(file).size > MAX_DECLARATIONS_BYTES) return { wrong: `--compatible-models: ${flag.slice(1)} is larger than 1 MB` };
    return { text: readFileSync(file, 'utf8') };
  } catch {
    return { wrong: `--compatible-models: ${flag.slice(1)} cannot be read` };
  }
}

export interface WhereFlags extends ProviderFlags, CompatibleFlags {
  readonly 'base-url'?: string;
}

/** The Azure resource or compatible server the flags name (neither: OpenAI), or what is wrong with them. */
export function whereFromFlags(values: WhereFlags, cwd: string): { azure?: AzureRoute; endpoint?: EndpointSettings } | { wrong: string } {
  const route = azureRouteFromFlags(values);
  if ('wrong' in route) return route;
  if (route.azure && values['base-url']) return { wrong: '--base-url and --provider azure cannot be combined' };
  const declared = declarationText(values['compatible-models'], cwd);
  if ('wrong' in declared) return declared;
  const compatible = endpointFromFlags(values['base-url'] ?? '', { ...values, 'compatible-models': declared.text });
  if ('wrong' in compatible) return compatible;
  return { ...route, ...(compatible.endpoint ? { endpoint: compatible.endpoint } : {}) };
}
