"""Working with extracted records: query, report site, evaluation against gold."""
