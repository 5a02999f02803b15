"""PeerPrep match service: Waiting pools and pairing of students."""
