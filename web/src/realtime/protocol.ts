// The realtime protocol (docs/api-realtime.md) as the client uses it. Every shape is an alias of
// ./generated/protocol.ts, which `npm run gen:ws` makes from docs/ws.schema.json (`npm run check:ws` fails
// when it is stale): declare no message by hand. What this file adds is the reading of a frame, since a
// frame is untrusted input until the generated validator has checked it.
import type * as Schema from './generated/protocol';
import { validateServerMessage } from './generated/validate';

export { CLOSE_CODES, PROTOCOL_VERSION } from './generated/protocol';

export type ClientMessage = Schema.ClientMessage;
export type ServerMessage = Schema.ServerMessage;
export type Ready = Schema.Ready;
export type Pong = Schema.Pong;
/** A `notify`: a union on `kind`, whose `data` is that kind's notice. */
export type Notify = Schema.Notify;
export type NotifyKind = Notify['kind'];
/** The `notify` of `kind` (any of them for `'*'`, see ./notify.ts). */
export type NotifyOf<K extends string> = K extends NotifyKind ? Extract<Notify, { kind: K }> : Notify;
export type Ack = Schema.Ack;
/** The client messages of matching: each is answered by `ack` (same `request_id`) or by `error`. */
export type MatchMessage = Schema.MatchRequest | Schema.MatchCancel | Schema.MatchAccept | Schema.MatchStateQuery;
export type ServerError = Schema.Error;
export type ErrorCode = ServerError['code'];

/**
 * One text frame from the gateway as a typed message, or null when it is not one this client understands
 * (not JSON, another protocol version, an unknown type or notice kind, a missing or mistyped field). It is
 * checked by the validator `npm run gen:ws` compiles from the same schema as the types (./generated/validate.js):
 * no hand-written guard. Unknown extra fields are kept and ignored, as the contract allows a newer gateway to add
 * optional ones within a version; an `error` with a code this client does not know yet still reads as an error.
 */
export function parseServerMessage(frame: unknown): ServerMessage | null {
  if (typeof frame !== 'string') return null;
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return null;
  }
  // A missing `v` is version 1, as the gateway's own parser takes it.
  if (typeof message === 'object' && message !== null && !Array.isArray(message) && !('v' in message)) {
    message = { ...message, v: 1 };
  }
  return validateServerMessage(message) ? message : null;
}

/** The text frame for a client message. */
export function encode(message: ClientMessage): string {
  return JSON.stringify(message);
}
