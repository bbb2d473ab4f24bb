/**
 * Corporate proxies for the command line and the MCP server, which run on plain Node (whose fetch ignores proxy
 * variables): when HTTPS_PROXY or HTTP_PROXY is set, requests go through undici's EnvHttpProxyAgent, which also
 * honours NO_PROXY. The SDK asks for the fetch of the same undici package as the agent, so that fetch is used.
 * Certificates need nothing here: Node adds NODE_EXTRA_CA_CERTS to the trusted roots when it starts. Inside VS Code
 * the platform's fetch already follows `http.proxy` and the system certificates.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/** The proxy a request to an https URL would use, for the log (credentials removed), or undefined. */
export function namedProxy(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = PROXY_VARIABLES.map((name) => env[name]?.trim()).find(Boolean);
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unparsable proxy URL)';
  }
}

/** A fetch through the proxies the environment names, or undefined when it names none (the platform's fetch is used). */
export function proxiedFetch(env: Readonly<Record<string, string | undefined>>): typeof fetch | undefined {
  if (!namedProxy(env)) return undefined;
  const value = (upper: string, lower: string) => env[upper]?.trim() || env[lower]?.trim() || undefined;
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: value('HTTP_PROXY', 'http_proxy'),
    httpsProxy: value('HTTPS_PROXY', 'https_proxy') ?? value('HTTP_PROXY', 'http_proxy'),
    noProxy: value('NO_PROXY', 'no_proxy'),
  });
  const proxied = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => undiciFetch(input, { ...init, dispatcher });
  // undici's fetch and the platform's differ only in their type declarations (the same WHATWG fetch).
  return proxied as unknown as typeof fetch;
}
