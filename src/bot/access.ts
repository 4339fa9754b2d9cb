/**
 * Who may use the bot and who may write. Checked on the server for every message and every card action;
 * hiding a button is only a convenience.
 */
export interface TeamsUser {
  /** Bot Framework channel account id (29:... in Teams). */
  id: string;
  name: string;
  /** Entra object id, when Teams provides it. */
  aadObjectId: string | null;
  /** User principal name, when known (Teams sends it in some activities only). */
  upn: string | null;
  tenantId: string | null;
}

export interface AccessSettings {
  allowedTenantIds: string[];
  editorIds: string[];
  readOnly: boolean;
}

export class AccessPolicy {
  private readonly tenants: Set<string>;
  private readonly editors: Set<string>;

  constructor(private readonly settings: AccessSettings) {
    this.tenants = new Set(settings.allowedTenantIds.map((t) => t.toLowerCase()));
    this.editors = new Set(settings.editorIds.map((e) => e.toLowerCase()));
  }

  /** Activities from tenants outside ALLOWED_TENANT_IDS get no data at all. */
  tenantAllowed(user: TeamsUser): boolean {
    if (this.tenants.size === 0) return true;
    return user.tenantId !== null && this.tenants.has(user.tenantId.toLowerCase());
  }

  canEdit(user: TeamsUser): boolean {
    if (this.settings.readOnly) return false;
    if (!this.tenantAllowed(user)) return false;
    if (this.editors.size === 0) return true;
    return [user.aadObjectId, user.upn, user.id].some((id) => id !== null && this.editors.has(id.toLowerCase()));
  }

  /**
   * True when only the user's principal name could make them an editor and it is not known yet: EDITOR_IDS
   * lists UPNs, and neither the object id nor the channel id is listed.
   */
  needsUpn(user: TeamsUser): boolean {
    if (this.settings.readOnly || user.upn !== null || !this.tenantAllowed(user)) return false;
    if (![...this.editors].some((e) => e.includes('@'))) return false;
    return !this.canEdit(user);
  }

  get readOnly(): boolean {
    return this.settings.readOnly;
  }
}
