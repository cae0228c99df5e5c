"""Spoken cues: the phrases render to speech, newer words cut older ones short, problems
are one sentence, and `say` never waits for espeak-ng."""

from __future__ import annotations

import signal
import subprocess
import threading
import wave
from pathlib import Path

import pytest

from isoback_tui.core.clock import FakeClock
from isoback_tui.core.cues import Cue, get_ready_words, spoken_words
from isoback_tui.core.engine import SessionEngine
from isoback_tui.core.plan import SessionSettings, build_plan
from isoback_tui.core.routine import load_routines
from isoback_tui.paths import user_routines_dir
from isoback_tui.sound.voice import MISSING, NO_DEVICE, Speaker, espeak_command, find_espeak


def every_phrase() -> list[str]:
    """Each kind of phrase the voice says, with the built-in gentle start's names."""
    routines, _ = load_routines(user_routines_dir())
    routine = next(r for r in routines if r.id == "gentle-start")
    clock = FakeClock()
    engine = SessionEngine(build_plan(routine, SessionSettings(sets=2)), clock)
    engine.start()
    state = engine.state()
    phrases = [get_ready_words(state)]
    phrases += [spoken_words(cue, state, new_exercise=True) for cue in Cue]
    phrases.append(spoken_words(Cue.HOLD, state, new_exercise=False))
    return phrases


def test_each_phrase_renders_to_speech_of_a_plausible_length(tmp_path: Path) -> None:
    executable = find_espeak()
    if executable is None:
        pytest.skip("espeak-ng is not installed here (Debian: apt-get install espeak-ng)")
    for number, words in enumerate(every_phrase()):
        wav = tmp_path / f"{number}.wav"
        done = subprocess.run(
            espeak_command(executable, words, wav=str(wav)),
            capture_output=True,
            timeout=30,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        with wave.open(str(wav)) as sound:
            seconds = sound.getnframes() / sound.getframerate()
        count = len(words.split())
        # a person speaks 2-4 words a second; espeak-ng at 150 wpm is in that range
        assert 0.15 * count <= seconds <= 0.9 * count + 0.8, (words, seconds)


class FakeProcess:
    """Speaks until the test lets it finish, or until it is stopped."""

    def __init__(self, argv: list[str], stderr: bytes = b"") -> None:
        self.argv = argv
        self.returncode: int | None = None
        self._done = threading.Event()
        self._stderr = stderr

    def poll(self) -> int | None:
        return self.returncode

    def send_signal(self, sig: int) -> None:
        self.returncode = -sig
        self._done.set()

    def finish(self) -> None:
        self.returncode = 0
        self._done.set()

    def communicate(self) -> tuple[bytes, bytes]:
        self._done.wait(10)
        return b"", self._stderr


class FakePopen:
    def __init__(self, stderr: bytes = b"") -> None:
        self.started: list[FakeProcess] = []
        self.stderr = stderr
        self.lock = threading.Lock()
        self.one_started = threading.Semaphore(0)

    def __call__(self, argv: list[str], **_kwargs: object) -> FakeProcess:
        process = FakeProcess(argv, self.stderr)
        with self.lock:
            self.started.append(process)
        self.one_started.release()
        return process


def test_the_newest_words_replace_words_still_being_spoken() -> None:
    problems: list[str] = []
    popen = FakePopen()
    speaker = Speaker("espeak-ng", problems.append, popen=popen)  # type: ignore[arg-type]
    try:
        speaker.say("Hold.")
        assert popen.one_started.acquire(timeout=5)
        first = popen.started[0]
        assert first.argv[-1] == "Hold." and first.argv[0] == "espeak-ng"
        speaker.say("Relax.")  # returns at once, though "Hold." is still speaking
        assert first.returncode == -signal.SIGTERM
        assert popen.one_started.acquire(timeout=5)
        second = popen.started[1]
        assert second.argv[-1] == "Relax."
        second.finish()
        assert speaker.wait_idle(5)
        assert speaker.spoken == ["Hold.", "Relax."]
        assert problems == [] and not speaker.failed
    finally:
        speaker.close()


def test_no_sound_device_is_one_sentence_then_quiet() -> None:
    problems: list[str] = []
    popen = FakePopen(stderr=b"ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n")
    speaker = Speaker("espeak-ng", problems.append, popen=popen)  # type: ignore[arg-type]
    try:
        speaker.say("Hold.")
        assert popen.one_started.acquire(timeout=5)
        popen.started[0].finish()
        assert speaker.wait_idle(5)
        assert speaker.failed
        assert problems == [NO_DEVICE]
        speaker.say("Relax.")  # the bells carry on; the voice stays quiet
        assert speaker.spoken == ["Hold."]
    finally:
        speaker.close()


def test_espeak_gone_missing_is_one_sentence() -> None:
    problems: list[str] = []

    def missing(*_args: object, **_kwargs: object) -> subprocess.Popen[bytes]:
        raise FileNotFoundError("espeak-ng")

    speaker = Speaker("espeak-ng", problems.append, popen=missing)
    try:
        speaker.say("Hold.")
        assert speaker.wait_idle(5)
        assert problems == [MISSING]
        assert "apt install espeak-ng" in MISSING
    finally:
        speaker.close()


def test_the_real_espeak_ng_runs_without_blocking_and_stops_on_close() -> None:
    executable = find_espeak()
    if executable is None:
        pytest.skip("espeak-ng is not installed here (Debian: apt-get install espeak-ng)")
    problems: list[str] = []
    speaker = Speaker(executable, problems.append)
    speaker.say("Rest. Next up: Squeeze, set 2 of 3.")
    speaker.say("Hold.")
    assert speaker.wait_idle(15)
    speaker.close()
    # Either it spoke, or it said in one sentence that there is no device to speak on.
    assert problems in ([], [NO_DEVICE])
