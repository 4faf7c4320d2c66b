"""Sessions: a person's answers, where they are, and what they have ticked off.

``state.WizardState`` is what the front-ends work on; ``store.SessionStore`` keeps it on disk
(see ``schema`` for the file format); ``service`` joins the two with the content tree.
"""
