"""PeerPrep question service: The question bank, assignment and attempt history."""
