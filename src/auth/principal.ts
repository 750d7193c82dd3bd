// Who acts, with which actions, on which spaces and bases, until when. Every credential kind
// resolves to one of these; nothing below the routes knows which wire family a request used.
import type { Action } from './actions.js';

/** session: the cookie of a sign-in; password: HTTP Basic (AWX family); the rest are tokens. */
export type CredentialKind = 'session' | 'password' | 'personal_access_token' | 'user_personal_token' | 'plugin_access_token' | 'base_api_token' | 'base_access_token';

/** A person acting with their own credentials (not a token acting for them). */
export function isPerson(principal: Principal): boolean {
  return principal.kind === 'session' || principal.kind === 'password';
}

export interface Principal {
  readonly kind: CredentialKind;
  readonly userId: string;
  /** The session or token id (never its secret). */
  readonly credentialId: string;
  /** The actions the credential carries; null means all of the owner's rights (a session). */
  readonly scopes: ReadonlySet<Action> | null;
  /** Reach: all of the owner's spaces (present and future), or only the listed ones. */
  readonly fullAccess: boolean;
  readonly spaceIds: ReadonlySet<string>;
  readonly baseIds: ReadonlySet<string>;
  readonly expiresAt: string | null;
  /** Limited to reading methods (GET, HEAD, OPTIONS) across the whole API: an AWX `read` token. */
  readonly readOnly: boolean;
}

/** A person acting as themself: all of their own rights, nothing more. */
export function personPrincipal(kind: 'session' | 'password', userId: string, credentialId: string, expiresAt: string | null): Principal {
  return {
    kind,
    userId,
    credentialId,
    scopes: null,
    fullAccess: true,
    spaceIds: new Set(),
    baseIds: new Set(),
    expiresAt,
    readOnly: false,
  };
}
