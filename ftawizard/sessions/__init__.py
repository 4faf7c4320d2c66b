"""Sessions: a person's answers, where they are, and what they have ticked off."""
