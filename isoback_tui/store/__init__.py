"""The session history: TinyDB behind one small class, with atomic, locked writes."""
