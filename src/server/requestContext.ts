import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the entry point (the API wrapper, runAction) knows about the request and the use case needs
 * without passing it through every service: whether the change was signed with a fresh one-time
 * code (transaction signing, issue 13 §4). recordAudit reads it so that the audit row of a signed
 * change says `signed: true`; the services stay unchanged.
 */
export interface RequestContext {
  signed: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (the use case) with the request's context. */
export const withRequestContext = <T>(context: RequestContext, fn: () => Promise<T>): Promise<T> => storage.run(context, fn);

/** Whether the running use case was signed (false outside a signed request). */
export const requestSigned = (): boolean => storage.getStore()?.signed ?? false;
