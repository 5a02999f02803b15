// The realtime protocol (docs/api-realtime.md) as the client uses it. Every shape is an alias of
// ./generated/protocol.ts, which `npm run gen:ws` makes from docs/ws.schema.json (`npm run check:ws` fails
// when it is stale): declare no message by hand. What this file adds is the reading of a frame, since a
// frame is untrusted input until its fields are checked.
import type * as Schema from './generated/protocol';

export { CLOSE_CODES, PROTOCOL_VERSION } from './generated/protocol';

export type ClientMessage = Schema.ClientMessage;
export type ServerMessage = Schema.ServerMessage;
export type Ready = Schema.Ready;
export type Pong = Schema.Pong;
export type Notify = Schema.Notify;
export type Ack = Schema.Ack;
/** The client messages of matching: each is answered by `ack` (same `request_id`) or by `error`. */
export type MatchMessage = Schema.MatchRequest | Schema.MatchCancel | Schema.MatchAccept | Schema.MatchStateQuery;
export type ServerError = Schema.Error;
export type ErrorCode = ServerError['code'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function readReady(m: Json): Ready | null {
  const { user_id, connection_id, expires_at, heartbeat_s } = m;
  if (!isString(user_id) || !isString(connection_id) || !isString(expires_at) || !isCount(heartbeat_s)) return null;
  if (Number.isNaN(Date.parse(expires_at))) return null;
  return { v: 1, type: 'ready', user_id, connection_id, expires_at, heartbeat_s };
}

function readNotify(m: Json): Notify | null {
  const { notification_id, kind, sent_at } = m;
  const data = m.data ?? {};
  if (!isString(notification_id) || !isString(kind) || !isString(sent_at) || !isObject(data)) return null;
  return { v: 1, type: 'notify', notification_id, kind, sent_at, data };
}

function readError(m: Json): ServerError | null {
  const { code, message } = m;
  const details = m.details ?? {};
  if (!isString(code) || !isString(message) || !isObject(details)) return null;
  // An error code this client does not know yet still reads as an error: it only logs what it can't act on.
  return { v: 1, type: 'error', code: code as ErrorCode, message, details };
}

/**
 * One text frame from the gateway as a typed message, or null when it is not one this client understands
 * (not JSON, another protocol version, an unknown type, a missing field). Unknown extra fields are ignored,
 * as the contract allows a newer gateway to add optional ones within a version.
 */
export function parseServerMessage(frame: unknown): ServerMessage | null {
  if (typeof frame !== 'string') return null;
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return null;
  }
  if (!isObject(message) || (message.v ?? 1) !== 1) return null;
  switch (message.type) {
    case 'ready':
      return readReady(message);
    case 'pong':
      return isCount(message.id) ? { v: 1, type: 'pong', id: message.id } : null;
    case 'notify':
      return readNotify(message);
    case 'ack':
      return isString(message.request_id) ? { v: 1, type: 'ack', request_id: message.request_id } : null;
    case 'error':
      return readError(message);
    default:
      return null;
  }
}

/** The text frame for a client message. */
export function encode(message: ClientMessage): string {
  return JSON.stringify(message);
}
