"""PeerPrep collaboration service: Sessions, their shared documents and chat."""
