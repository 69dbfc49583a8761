"""Publishing: the Datasette plugin and pages, Atom, the digest, editors and their sessions."""
