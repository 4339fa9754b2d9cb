import type { AddressInfo } from 'node:net';
import type restify from 'restify';

/** Starts a reference bot's restify server on an ephemeral loopback port; returns its base URL. */
export async function listenOnLoopback(server: restify.Server): Promise<string> {
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export function closeServer(server: restify.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.server.closeAllConnections();
  });
}
