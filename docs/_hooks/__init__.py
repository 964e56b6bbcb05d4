"""Build-time helpers of the documentation site: MkDocs hooks and a Griffe extension."""
