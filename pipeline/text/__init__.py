"""Text rules shared by every stage: quotation marks, citations, rule-file readers."""
