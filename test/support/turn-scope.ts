import { makeCardContext } from '../../src/bot/card-context';
import type { TurnScope } from '../../src/bot/turn-scope';
import type { ContactService } from '../../src/contacts/contact-service';
import { silentLogger } from '../../src/logger';

let formIds = 0;

/** A turn as the bot builds it, for calling command handlers and card actions without HTTP. */
export function turnScopeFor(service: ContactService, opts: { canEdit?: boolean; userName?: string; tenantId?: string | null } = {}): TurnScope {
  const canEdit = opts.canEdit ?? true;
  return {
    user: { id: '29:tess', name: opts.userName ?? 'Tess Tech', aadObjectId: null, upn: null, tenantId: opts.tenantId ?? null },
    canEdit,
    cards: makeCardContext(service, () => null, canEdit),
    service,
    logger: silentLogger,
    newFormId: () => `form-${++formIds}`,
  };
}
