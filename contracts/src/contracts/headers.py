"""Kafka header names every PeerPrep event carries, so tools can route and trace without parsing payloads."""

from typing import Final

CORRELATION_ID: Final = "correlation_id"
EVENT_ID: Final = "event_id"
EVENT_TYPE: Final = "event_type"
EVENT_VERSION: Final = "event_version"
PRODUCER: Final = "producer"
# Set on dead-lettered records: why the consumer gave up, and where the record came from.
DEAD_LETTER_REASON: Final = "dead_letter_reason"
DEAD_LETTER_SOURCE: Final = "dead_letter_source"
DEAD_LETTER_CONSUMER: Final = "dead_letter_consumer"

# HTTP header that carries the correlation id between the browser, the gateway and the services.
HTTP_CORRELATION_ID: Final = "X-Correlation-ID"
