"""The Textual UI: screens and widgets over the session engine."""
