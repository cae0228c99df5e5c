"""Sound for the live session: the terminal bell's patterns and spoken cues (espeak-ng)."""
