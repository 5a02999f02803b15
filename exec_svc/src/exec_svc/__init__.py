"""PeerPrep execution service: Runs submitted code against a question's tests in a sandbox."""
