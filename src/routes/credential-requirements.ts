// What an authentication hook demands of a request's credential, carried on the hook itself: the
// OpenAPI document (src/routes/openapi.ts) reads each route's security from the hooks the route
// runs, so the document and the checks cannot drift apart.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../auth/actions.js';

export type CredentialRequirement =
  /** Any valid credential of the family (ctx.authenticate). */
  | { readonly credential: 'any' }
  /** A person acting as themself: a session, an account token or a password, not a token (ctx.requirePerson). */
  | { readonly credential: 'person' }
  /** Any valid credential that allows one action (ctx.requireScope). */
  | { readonly credential: 'scope'; readonly action: Action }
  /** The data server's base access token, for the base in the path (ctx.requireBaseToken). */
  | { readonly credential: 'base_token' };

/** An onRequest hook that authenticates, labelled with what it requires. */
export type AuthHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & { readonly requirement: CredentialRequirement };

export function requiring(hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>, requirement: CredentialRequirement): AuthHook {
  return Object.assign(hook, { requirement });
}

/** The requirement of the first labelled hook among a route's onRequest hooks, or null. */
export function requirementOf(hooks: unknown): CredentialRequirement | null {
  for (const hook of [hooks].flat()) {
    if (typeof hook === 'function' && 'requirement' in hook) return (hook as AuthHook).requirement;
  }
  return null;
}
