// Who acts, with which actions, on which spaces and bases, until when. Every credential kind
// resolves to one of these; nothing below the routes knows which wire family a request used.
import type { Action } from './actions.js';

export type CredentialKind = 'session' | 'personal_access_token';

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
}
