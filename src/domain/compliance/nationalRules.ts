/**
 * The national market's published rule values that prose quotes (the platform's policy may differ:
 * the offset share in force is compliance policy data, set by the national regulator).
 */
/** CCER may cover at most this share of a verified obligation under the national rules (DOMAIN §6). */
export const NATIONAL_OFFSET_SHARE = '0.05';
