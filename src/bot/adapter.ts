import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  AseChannelValidation,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type restify from 'restify';
import type { Logger } from '../logger';
import type { MessageEndpoint } from '../server';
import { cards } from '../cards/views';
import { asAttachment, type ContactsBot } from './contacts-bot';
import { DeadlineConnectorFactory, isConnectorFailure } from './connector-deadline';
import { isLoopbackUrl, localIdentityCredentialsFactory } from './local-identity';
import { TokenGate } from './token-gate';
import { describeFailure } from './user-messages';

export interface BotCredentials {
  appId: string | undefined;
  appPassword: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string | undefined;
  /**
   * Overrides of Bot Framework's well-known endpoints (OpenID metadata, token issuer, login URL). Only tests set
   * these, to point authentication at a local server instead of Microsoft's hosts. Setting any of them makes
   * botbuilder use none of its defaults, so give them all: ToBotFromChannelOpenIdMetadataUrl,
   * ToBotFromEmulatorOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl,
   * ToChannelFromBotOAuthScope, OAuthUrl, CallerId.
   */
  endpoints?: ConfigurationBotFrameworkAuthenticationOptions;
}

/**
 * CloudAdapter with the app's credentials: with an app id every incoming request must carry a valid Bot
 * Framework token (checked first by the TokenGate, see token-gate.ts); without one the bot runs anonymously
 * (local sandbox and playground only).
 */
export function createMessageEndpoint(bot: ContactsBot, credentials: BotCredentials, logger: Logger): MessageEndpoint & { adapter: CloudAdapter } {
  const authentication = createAuthentication(credentials);
  const gate = credentials.appId ? createTokenGate(credentials, logger) : null;
  const adapter = new CloudAdapter(new UnauthorizedOnBadToken(authentication, logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('unhandled error in turn', { error, activityType: context.activity.type });
    // A reply that could not reach the Bot Connector: an error message would not reach it either.
    if (context.activity.type === 'message' && !isConnectorFailure(error)) {
      try {
        const message = describeFailure(error, 'read');
        await context.sendActivity(MessageFactory.attachment(asAttachment(cards.message(message))));
      } catch (sendError) {
        logger.warn('could not tell the user about the error', { error: sendError });
      }
    }
  };
  return {
    adapter,
    process: async (req: restify.Request, res: restify.Response) => {
      if (gate !== null) {
        const body: unknown = req.body;
        const channelId = typeof body === 'object' && body !== null && 'channelId' in body && typeof body.channelId === 'string' ? body.channelId : undefined;
        const verdict = await gate.check(req.headers.authorization, channelId);
        if (!verdict.pass) {
          logger.warn('rejected a request that failed Bot Framework authentication', { reason: verdict.reason, status: verdict.status });
          if (verdict.status === 503) res.header('Retry-After', String(KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS));
          res.send(verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Authentication is temporarily unavailable');
          return;
        }
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
  };
}

/** What a 503 for lack of signing keys asks the channel to wait before retrying. */
const KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

function createTokenGate(credentials: BotCredentials, logger: Logger): TokenGate {
  const endpoints = credentials.endpoints ?? {};
  const gate = new TokenGate({
    channelMetadataUrl: endpoints.ToBotFromChannelOpenIdMetadataUrl,
    emulatorMetadataUrl: endpoints.ToBotFromEmulatorOpenIdMetadataUrl,
    channelIssuer: endpoints.ToBotFromChannelTokenIssuer,
    logger,
  });
  gate.warmUp();
  return gate;
}

function createAuthentication(credentials: BotCredentials): BotFrameworkAuthentication {
  const endpoints = credentials.endpoints ?? {};
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: credentials.appId ?? '',
      MicrosoftAppPassword: credentials.appPassword ?? '',
      MicrosoftAppType: credentials.appId ? credentials.appType : '',
      MicrosoftAppTenantId: credentials.tenantId ?? '',
      ...endpoints,
    },
    localCredentialsFactory(credentials),
  );
  // Activities from the App Service Extension channel are checked against a metadata URL that botbuilder
  // hard-codes (Microsoft's) in the constructor above, ignoring the options; follow the emulator override.
  if (endpoints.ToBotFromEmulatorOpenIdMetadataUrl) {
    AseChannelValidation.MetadataUrl = endpoints.ToBotFromEmulatorOpenIdMetadataUrl;
  }
  return auth;
}

/** Only when the login URL is a local identity provider (tests); otherwise botbuilder's own factory (MSAL). */
function localCredentialsFactory(credentials: BotCredentials): ServiceClientCredentialsFactory | undefined {
  const loginUrl = credentials.endpoints?.ToChannelFromBotLoginUrl;
  if (!credentials.appId || !credentials.appPassword || !loginUrl || !isLoopbackUrl(loginUrl)) return undefined;
  return localIdentityCredentialsFactory({
    appId: credentials.appId,
    appPassword: credentials.appPassword,
    tenant: credentials.appType === 'SingleTenant' && credentials.tenantId ? credentials.tenantId : 'botframework.com',
    loginUrl,
  });
}

/**
 * CloudAdapter answers 401 only for botbuilder's AuthenticationError and 500 for anything else, such as
 * jsonwebtoken's error for a signature that does not match the published key. The TokenGate has already
 * answered for missing keys, so whatever fails here is a token that cannot be trusted: a plain 401
 * "Unauthorized" (the reason goes to our log only). Every Bot Connector client the adapter makes is given a
 * time budget (connector-deadline.ts).
 */
class UnauthorizedOnBadToken extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.guard(() => this.inner.authenticateRequest(activity, authHeader));
    return result.connectorFactory === undefined ? result : { ...result, connectorFactory: new DeadlineConnectorFactory(result.connectorFactory) };
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.guard(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new DeadlineConnectorFactory(this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  private async guard<T>(authenticate: () => Promise<T>): Promise<T> {
    try {
      return await authenticate();
    } catch (error) {
      if (error instanceof Error && (error instanceof AuthenticationError || TOKEN_ERRORS.has(error.name))) {
        this.logger.warn('rejected a request that failed Bot Framework authentication', { reason: error.message });
      } else {
        this.logger.error('unexpected failure authenticating a request; refused', { error });
      }
      throw new AuthenticationError('Unauthorized', StatusCodes.UNAUTHORIZED);
    }
  }
}

/** jsonwebtoken's failures: bad signature, malformed, expired, not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);
