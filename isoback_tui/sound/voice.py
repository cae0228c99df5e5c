"""Spoken cues with espeak-ng, run as a subprocess that the screen never waits for.

`Speaker.say` only hands the words to a background thread and stops the
process still speaking, if any: the newest cue replaces an older one, so the
voice is never behind the session. The thread starts espeak-ng, waits for it
and reads what it said on stderr; espeak-ng exits 0 even when it found no
sound device, so its complaint there is how a missing device is noticed.
Every problem is reported once, as one sentence, and the voice then stays
quiet: the bells carry on.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from typing import Final

ESPEAK: Final = "espeak-ng"
WORDS_PER_MINUTE: Final = 150  # a little slower than espeak-ng's 175: heard from the floor

MISSING: Final = (
    "Spoken cues need espeak-ng, which is not installed "
    "(on Debian or Ubuntu: sudo apt install espeak-ng); the bells carry on."
)
NO_DEVICE: Final = (
    "Spoken cues are off: espeak-ng found no sound device on the machine isoback runs on; "
    "the bells carry on."
)


def find_espeak() -> str | None:
    """The path of espeak-ng, or None when it is not installed."""
    return shutil.which(ESPEAK)


def espeak_command(executable: str, words: str, wav: str | None = None) -> list[str]:
    """The espeak-ng command line that speaks `words` (to a WAV file when `wav` is given)."""
    command = [executable, "-s", str(WORDS_PER_MINUTE)]
    if wav is not None:
        command += ["-w", wav]
    return [*command, "--", words]


def _no_sound_device(stderr: bytes) -> bool:
    """Whether espeak-ng's complaint says it could not open a sound device."""
    text = stderr.decode(errors="replace").lower()
    return "error" in text or "cannot" in text or "unknown pcm" in text


class Speaker:
    """Speaks one phrase at a time in the background; newer words cut older ones short."""

    def __init__(
        self,
        executable: str,
        on_problem: Callable[[str], None],
        *,
        popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    ) -> None:
        """`on_problem(sentence)` is called once, from the speaker's thread, if speech fails."""
        self._executable = executable
        self._on_problem = on_problem
        self._popen = popen
        self._changed = threading.Condition()
        self._wanted: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._busy = False  # between taking words and their process ending
        self.failed = False
        self.spoken: list[str] = []  # what was handed to espeak-ng, in order
        self._thread = threading.Thread(target=self._run, name="isoback-voice", daemon=True)
        self._thread.start()

    def say(self, words: str) -> None:
        """Speak `words` soon, stopping whatever is still being said. Never blocks."""
        with self._changed:
            if self._closed or self.failed:
                return
            self._wanted = words
            self._stop_current()
            self._changed.notify()

    def close(self, timeout: float = 0.3) -> None:
        """Stop speaking and end the thread (waits a moment at most: quitting stays quick)."""
        with self._changed:
            self._closed = True
            self._wanted = None
            self._stop_current()
            self._changed.notify()
        self._thread.join(timeout)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is waiting to be said and nothing speaks (for tests and tools)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self.failed or (self._wanted is None and not self._busy), timeout
            )

    def _stop_current(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            try:
                process.send_signal(signal.SIGTERM)
            except OSError:
                pass

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closed or self._wanted is not None)
                if self._closed:
                    return
                words, self._wanted = self._wanted, None
                self._busy = True
            assert words is not None
            try:  # outside the lock: say() never waits for a process to start
                process = self._popen(
                    espeak_command(self._executable, words),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,  # a ctrl+c in the terminal is the app's alone
                )
            except OSError:
                with self._changed:
                    self._fail(MISSING)
                return
            with self._changed:
                self._process = process
                self.spoken.append(words)
                if self._closed or self._wanted is not None:
                    self._stop_current()  # newer words came while it started
            _out, err = process.communicate()
            with self._changed:
                self._process = None
                self._busy = False
                cut_short = process.returncode == -signal.SIGTERM
                if not cut_short and (process.returncode != 0 or _no_sound_device(err)):
                    self._fail(NO_DEVICE)
                    return
                self._changed.notify_all()

    def _fail(self, sentence: str) -> None:
        """Called with the lock held: go quiet for good and say why, once."""
        self.failed = True
        self._wanted = None
        self._process = None
        self._changed.notify_all()
        self._on_problem(sentence)
