"""The spaCy side of qalam: the pipeline builder, its custom components, and records out of a Doc."""
