"""Text rules shared by every stage: quotation marks, sentence ends, citations, bylines, phone
numbers, month names, paragraphs and rule-file readers. Plain functions over strings."""
