"""Where `-o` writes: checked before the first model call, written without harming what is there.

- `-` is standard output;
- a symlink is followed: its target is what gets written;
- a regular file (or a new one) is written atomically, via a temporary file in its folder and a
  rename, keeping the mode (and, as root, the owner) of the file it replaces;
- a device, pipe or socket (/dev/stdout, /dev/null, a FIFO) is opened and written in place, never
  replaced;
- a directory, a missing parent folder that cannot be made, or a place we may not write is a
  ConfigError naming the path, raised by `Target.check()` before any model call.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .core.errors import ConfigError
from .core.escape import printable


@dataclass
class Target:
    """An output destination as the user named it."""

    given: str

    @property
    def is_stdout(self) -> bool:
        return self.given == "-"

    @property
    def path(self) -> Path:
        """The real path: symlinks (all of them, chained too) resolved."""
        return Path(os.path.realpath(self.given))

    def _mode(self) -> int | None:
        try:
            return os.stat(self.path).st_mode
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            raise ConfigError(f"{printable(self.given)}: a part of this path is a file, not a folder") from None
        except OSError as exc:
            raise ConfigError(f"{printable(self.given)}: cannot write the output here ({exc.strerror})") from None

    def check(self) -> None:
        """Raise ConfigError when the output cannot be written here (nothing is created or changed)."""
        if self.is_stdout:
            return
        mode = self._mode()
        name = printable(self.given)
        if mode is not None and stat.S_ISDIR(mode):
            raise ConfigError(f"{name}: is a folder; give a file name for the output (e.g. {name}/briefing.md)")
        if mode is not None and not stat.S_ISREG(mode):
            if not os.access(self.path, os.W_OK):
                raise ConfigError(f"{name}: not writable (a device or pipe we may not write)")
            return
        if mode is not None and not os.access(self.path, os.W_OK):
            raise ConfigError(f"{name}: the file is not writable (check its permissions)")
        folder = _existing_ancestor(self.path.parent)
        if not folder.is_dir():
            raise ConfigError(f"{name}: {printable(folder)} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigError(f"{name}: cannot write in {printable(folder)} (permission denied)")

    def write(self, text: str) -> None:
        """Write `text` here (see the module docstring for how each kind of target is written)."""
        if self.is_stdout:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        mode = self._mode()
        if mode is not None and not stat.S_ISREG(mode):
            with open(self.path, "w", encoding="utf-8") as fh:  # a device or pipe: stream into it
                fh.write(text)
            return
        write_atomic(self.path, text)


def _existing_ancestor(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = None
    with contextlib.suppress(OSError):
        old = os.stat(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))  # the file it replaces keeps its mode
            if os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.chown(tmp, old.st_uid, old.st_gid)
        else:
            # mkstemp makes the file private (0600); a new output file gets the usual mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
