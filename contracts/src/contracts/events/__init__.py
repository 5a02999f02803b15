"""Every event payload, one module per area."""
