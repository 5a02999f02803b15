"""Plumbing shared by every PeerPrep service: settings, logging, the Kafka bus, MongoDB, health, errors."""

from svc_kit.bus import EventBus
from svc_kit.errors import AppError
from svc_kit.runtime import ServiceContext, build_app
from svc_kit.settings import ServiceSettings

__all__ = ["AppError", "EventBus", "ServiceContext", "ServiceSettings", "build_app"]
