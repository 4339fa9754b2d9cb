import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * Outbound Bot Framework tokens from an identity provider on this machine (tests only).
 *
 * Why a seam and not just options: botbuilder passes `ToChannelFromBotLoginUrl` to MSAL as the authority and
 * builds the MSAL client itself with nothing but {authority, clientId, clientSecret}. MSAL then
 *  - refuses any authority that is not https (`authority_uri_insecure`), so a plain-HTTP local server is out, and
 *  - for a host it does not know, first asks the hard-coded
 *    https://login.microsoftonline.com/common/discovery/instance whether the authority can be trusted.
 * Neither can be changed through ConfigurationBotFrameworkAuthentication's options. So here we build the same
 * ConfidentialClientApplication and client-credentials flow production uses, but with the loopback host as a
 * known authority (no instance discovery) and a network client that only ever talks to loopback.
 */
export function localIdentityCredentialsFactory(app: {
  appId: string;
  appPassword: string;
  /** Chosen as botbuilder does: the app's tenant for SingleTenant, "botframework.com" otherwise. */
  tenant: string;
  /** The local stand-in for https://login.microsoftonline.com/botframework.com; only its host is used. */
  loginUrl: string;
}): ServiceClientCredentialsFactory {
  const login = new URL(app.loginUrl);
  if (!isLoopbackHost(login.hostname)) throw new Error('the local identity provider must be on a loopback address');
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: app.appId,
      clientSecret: app.appPassword,
      authority: `https://${login.host}/${encodeURIComponent(app.tenant)}`,
      knownAuthorities: [login.host],
    },
    system: { networkClient: loopbackOnlyNetwork },
  });
  return new MsalServiceClientCredentialsFactory(app.appId, msal);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** A host name or address (bare or in URL form) that only this machine can reach. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * MSAL's transport, restricted to loopback. MSAL insists on https URLs for the authority; on loopback nothing
 * leaves the machine, so the request goes out as plain HTTP. Anything else (instance discovery, a real login
 * host) is refused, which makes token acquisition fail instead of quietly reaching Microsoft.
 */
const loopbackOnlyNetwork: INetworkModule = {
  sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeoutMs?: number) => send<T>('GET', url, options, timeoutMs),
  sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
};

async function send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeoutMs?: number): Promise<NetworkResponse<T>> {
  const target = new URL(url);
  if (!isLoopbackHost(target.hostname)) throw new Error(`refused to contact ${target.host}: only the local identity provider may be used`);
  target.protocol = 'http:';
  const response = await fetch(target, {
    method,
    headers: options.headers,
    body: options.body,
    signal: timeoutMs === undefined ? null : AbortSignal.timeout(timeoutMs),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // MSAL validates the shape of what it asked for (OpenID configuration, token response) itself.
  return { status: response.status, headers, body: (await response.json()) as T };
}
