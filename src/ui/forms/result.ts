/**
 * What every server action returns to its form: success with a message (and any extra data),
 * or a message and per-field errors, already in the user's language.
 */
export type ActionResult<T extends object = object> =
  | ({ ok: true; message: string } & T)
  | { ok: false; message: string; fields: Record<string, string> };
