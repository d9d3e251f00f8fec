"""The quotes component: direct quotations and their speakers."""
