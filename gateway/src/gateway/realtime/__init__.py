"""The realtime edge: ``/ws`` (docs/api-realtime.md), in small pieces with one job each.

origins (who may open a socket), auth (the token on an open socket), limits (rate buckets), connection (one
socket's outbound queue), registry (this instance's sockets by user), fanout (Kafka -> registry), waiting (the pool
figures of waiting tabs), endpoint (the route).
"""
