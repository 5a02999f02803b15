"""PeerPrep assistant service: The in-session assistant and code translation."""
