"""PeerPrep gateway: The browser's one origin: web client, API routing, websockets."""
