import { hasRole, type Actor } from '@/server/identity/actor';

/** The roles that oversee auctions (see the service): drafts, live counts; announcers and the exchange act. */
export const isOverseer = (actor: Actor) => hasRole(actor, 'NATIONAL_REGULATOR', 'PROVINCIAL_REGULATOR', 'EXCHANGE_OPERATOR', 'ADMIN');
export const isAnnouncer = (actor: Actor) => hasRole(actor, 'NATIONAL_REGULATOR', 'EXCHANGE_OPERATOR', 'ADMIN');
export const isOperator = (actor: Actor) => hasRole(actor, 'EXCHANGE_OPERATOR', 'ADMIN');
