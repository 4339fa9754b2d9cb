import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';

/**
 * A time budget for every call to the Bot Connector (a reply, a card update), retries included.
 *
 * botbuilder's ConnectorClient repeats a failed call up to 3 times with 0.5–1, 1–2 and 2–4 s pauses, and has no
 * timeout of its own. A message's HTTP answer waits for its turn, so a serviceUrl that refuses connections held
 * the request ~10 s (twice that with the error message sent after the failed reply), and one that accepted but
 * never answered held it for as long as the socket stayed open. Neither the retry policy nor a timeout can be
 * set through botbuilder's options; an abort signal per call can, and it also ends the pauses between retries.
 * Within the budget a connector that fails once or twice (a 502 or 504) still gets its retries.
 */
export const CONNECTOR_CALL_BUDGET_MS = 5000;

export class DeadlineConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly budgetMs = CONNECTOR_CALL_BUDGET_MS,
  ) {
    super();
  }

  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    const send = client.sendOperationRequest.bind(client);
    client.sendOperationRequest = (...[args, spec, callback]: Parameters<ConnectorClient['sendOperationRequest']>) =>
      send(args.options?.abortSignal ? args : { ...args, options: { ...args.options, abortSignal: AbortSignal.timeout(this.budgetMs) } }, spec, callback);
    return client;
  }
}

/** A failure to reach or be accepted by the Bot Connector: telling the user about it would fail the same way. */
export function isConnectorFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RestError' || error.name === 'AbortError');
}
