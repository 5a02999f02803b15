"""Tiny wire-protocol probes: a Kafka Metadata request and a MongoDB `hello`."""

from __future__ import annotations

import os
import socket
import struct
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by peer")
        buf += chunk
    return bytes(buf)


@dataclass(frozen=True)
class KafkaMetadata:
    cluster_id: str | None
    brokers: tuple[tuple[int, str, int], ...]  # (node id, host, port)


def kafka_metadata(host: str, port: int, timeout: float = 2.0) -> KafkaMetadata:
    """Send Metadata v4 (no topics) and parse the brokers and cluster id.

    A broker answers this only once it is registered and unfenced, so a reply
    that lists brokers means Kafka is ready for clients. Raises OSError/ValueError.
    """
    client = b"peerprep-probe"
    header = struct.pack(">hhih", 3, 4, 7, len(client)) + client
    body = struct.pack(">ib", 0, 0)  # empty topic list, allow_auto_topic_creation=false
    msg = header + body
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">i", len(msg)) + msg)
        (size,) = struct.unpack(">i", _recv_exact(s, 4))
        data = _recv_exact(s, size)
    corr, _throttle, count = struct.unpack_from(">iii", data, 0)
    if corr != 7:
        raise ValueError(f"unexpected correlation id {corr}")
    pos = 12
    brokers = []
    for _ in range(count):
        node, hlen = struct.unpack_from(">ih", data, pos)
        pos += 6
        bhost = data[pos : pos + hlen].decode()
        pos += hlen
        (bport, rlen) = struct.unpack_from(">ih", data, pos)
        pos += 6 + max(rlen, 0)
        brokers.append((node, bhost, bport))
    (clen,) = struct.unpack_from(">h", data, pos)
    cluster = data[pos + 2 : pos + 2 + clen].decode() if clen >= 0 else None
    return KafkaMetadata(cluster, tuple(brokers))


# ---- MongoDB -------------------------------------------------------------------

_FIXED = {0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16}


def _bson_top(doc: bytes) -> dict[str, object]:
    """Top-level scalars of a BSON document (doubles, ints, bools, strings)."""
    out: dict[str, object] = {}
    pos, end = 4, len(doc) - 1
    while pos < end:
        kind = doc[pos]
        nul = doc.index(b"\0", pos + 1)
        name = doc[pos + 1 : nul].decode(errors="replace")
        pos = nul + 1
        if kind == 0x01:
            out[name] = struct.unpack_from("<d", doc, pos)[0]
        elif kind == 0x10:
            out[name] = struct.unpack_from("<i", doc, pos)[0]
        elif kind == 0x08:
            out[name] = doc[pos] == 1
        elif kind == 0x02:
            (n,) = struct.unpack_from("<i", doc, pos)
            out[name] = doc[pos + 4 : pos + 3 + n].decode(errors="replace")
        if kind in _FIXED:
            pos += _FIXED[kind]
        elif kind in (0x02, 0x0D, 0x0E):
            pos += 4 + struct.unpack_from("<i", doc, pos)[0]
        elif kind in (0x03, 0x04, 0x0F):
            pos += struct.unpack_from("<i", doc, pos)[0]
        elif kind == 0x05:
            pos += 5 + struct.unpack_from("<i", doc, pos)[0]
        elif kind == 0x0B:
            pos = doc.index(b"\0", doc.index(b"\0", pos) + 1) + 1
        elif kind in (0x7F, 0xFF):
            pass
        else:
            raise ValueError(f"unsupported BSON type 0x{kind:02x}")
    return out


def _bson(fields: dict[str, int | str]) -> bytes:
    body = b""
    for k, v in fields.items():
        if isinstance(v, int):
            body += b"\x10" + k.encode() + b"\0" + struct.pack("<i", v)
        else:
            raw = v.encode() + b"\0"
            body += b"\x02" + k.encode() + b"\0" + struct.pack("<i", len(raw)) + raw
    return struct.pack("<i", len(body) + 5) + body + b"\0"


def mongo_hello(host: str, port: int, timeout: float = 2.0) -> dict[str, object]:
    """Send OP_MSG {hello: 1, $db: "admin"}; return the reply's top-level scalars.

    Raises OSError/ValueError if the peer does not speak the MongoDB wire protocol
    or the reply is not ok.
    """
    req_id = int.from_bytes(os.urandom(3), "big")
    payload = struct.pack("<I", 0) + b"\0" + _bson({"hello": 1, "$db": "admin"})
    msg = struct.pack("<iiii", 16 + len(payload), req_id, 0, 2013) + payload
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(msg)
        size, _rid, resp_to, opcode = struct.unpack("<iiii", _recv_exact(s, 16))
        if opcode != 2013 or resp_to != req_id or not 21 <= size <= 48_000_000:
            raise ValueError(f"not a MongoDB OP_MSG reply (opcode {opcode})")
        data = _recv_exact(s, size - 16)
    if data[4] != 0:
        raise ValueError("unexpected OP_MSG section kind")
    reply = _bson_top(data[5:])
    if reply.get("ok") not in (1, 1.0, True):
        raise ValueError(f"hello failed: {reply.get('errmsg', reply)}")
    return reply


def mongo_hosts(url: str) -> list[tuple[str, int]]:
    """Host/port pairs of a mongodb:// URL (ValueError for other schemes)."""
    parts = urlsplit(url)
    if parts.scheme != "mongodb":
        raise ValueError(f"scheme {parts.scheme!r} cannot be probed directly")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    hosts = []
    for item in netloc.split(","):
        if not item:
            continue
        if item.startswith("["):
            h, _, rest = item[1:].partition("]")
            p = rest.lstrip(":")
        else:
            h, _, p = item.partition(":")
        hosts.append((unquote(h), int(p) if p else 27017))
    if not hosts:
        raise ValueError("no host in URL")
    return hosts


def redact(url: str) -> str:
    """`url` with any user:password replaced by ***."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[-1]).geturl()
