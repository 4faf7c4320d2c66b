"""The Textual front-end. Imported only when the interactive wizard is started."""
