"""The figures component: counts, money and percentages with what they count."""
