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
import { isLoopbackUrl, localIdentityCredentialsFactory } from './local-identity';
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
 * Framework token; without one the bot runs anonymously (local sandbox and playground only).
 */
export function createMessageEndpoint(bot: ContactsBot, credentials: BotCredentials, logger: Logger): MessageEndpoint & { adapter: CloudAdapter } {
  const adapter = new CloudAdapter(new UnauthorizedOnBadToken(createAuthentication(credentials), logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('unhandled error in turn', { error, activityType: context.activity.type });
    if (context.activity.type === 'message') {
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
    process: (req: restify.Request, res: restify.Response) => adapter.process(req, res, (context) => bot.run(context)),
  };
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

/** jsonwebtoken's failures: bad signature, malformed, expired, not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * CloudAdapter answers 401 only for botbuilder's AuthenticationError; a token whose signature does not match the
 * published key under its key id surfaces as jsonwebtoken's error and would be answered 500 with the library's
 * message. Every token that cannot be verified is the caller's fault, so it becomes a plain 401 "Unauthorized"
 * here (the reason goes to our log only). Failures on our side (metadata unreachable) stay 500 so the channel
 * retries, and the request is still refused.
 */
class UnauthorizedOnBadToken extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateRequest(activity, authHeader));
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.guard(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
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
      if (isRejectedToken(error)) {
        this.logger.warn('rejected a request that failed Bot Framework authentication', { reason: (error as Error).message });
        throw new AuthenticationError('Unauthorized', StatusCodes.UNAUTHORIZED);
      }
      this.logger.error('could not authenticate a request', { error });
      throw new Error('Authentication is unavailable');
    }
  }
}

function isRejectedToken(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode >= 400 && error.statusCode < 500;
  return error instanceof Error && TOKEN_ERRORS.has(error.name);
}
