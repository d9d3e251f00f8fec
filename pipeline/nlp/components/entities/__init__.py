"""Entity components: gazetteer and shape rules, the overlap policy, canonical entities."""
