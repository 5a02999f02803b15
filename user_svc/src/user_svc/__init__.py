"""PeerPrep user service: Accounts, credentials, tokens and roles."""
