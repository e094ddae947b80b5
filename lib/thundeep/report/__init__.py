"""The built paper folder: HTML and Markdown reports, and the manifest."""
