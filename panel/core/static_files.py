"""Static files for phones on slow networks: compressed, under fingerprinted names, cached for a year.

As the app starts, each file in static/ (not its build sources) is copied into a cache folder (STATIC_CACHE_DIR,
in the instance folder) under a name that carries a fingerprint of its content, `css/copanel.min.<hash>.css`,
beside a gzip and a Brotli copy of it. WhiteNoise, wrapped round the app, serves that folder at /static/ in the
development server and the production server alike: the copy a browser asks for (Accept-Encoding), with
`Cache-Control: max-age=31536000, public, immutable`, since a name's content never changes. A page's
url_for('static', filename=...) gives the fingerprinted address (a url_defaults function), so a browser keeps
each file a year and asks again only when it has changed; pages themselves are never stored (panel/core/security).

Why at start-up and not committed: static/js is edited by hand, and committed copies would go stale the first
time someone forgot to rebuild them; made from the files themselves they cannot, and a fresh clone, CI and an
installed wheel need no Node and no build step. The folder is keyed by content, so only a file that changed is
compressed again (about half a second for all of them; a start with nothing new only reads and hashes them,
a few milliseconds). Files of an earlier version stay a week after they were last current, so a page opened
before a deploy still gets its own styles and scripts. An unfingerprinted address still works (Flask's static
view, not cached); an unknown fingerprint is a plain 404.

With the debugger on (`copanel run --debug`), a file edited while the server runs gets its new fingerprint on the
next page, without a restart.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path, PurePosixPath

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

CACHE_FOR = 365 * 24 * 60 * 60  # seconds: a year, the longest max-age HTTP caches are asked to honour
KEEP_OLD_FOR = 7 * 24 * 60 * 60  # seconds an earlier version's files are kept after they were last current
FINGERPRINT_LENGTH = 12  # hex digits of the content's SHA-256
NOT_SERVED = ("src/",)  # the stylesheet's build sources (and node_modules) are not served from the cache
NOT_SERVED_NAMES = ("README.md",)
_COMPRESSOR = Compressor(quiet=True)  # WhiteNoise's own: gzip level 9, Brotli's best, kept only when smaller


def fingerprinted(name: str, digest: str) -> str:
    """css/copanel.min.css -> css/copanel.min.<digest>.css (the fingerprint before the last suffix)."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _write_atomically(target: Path, data: bytes) -> None:
    """Two processes starting at once may both write a file: each writes its own and renames it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class StaticFiles:
    """The cache folder and the manifest (each file's name under static/ -> its fingerprinted name)."""

    def __init__(self, source: Path, cache: Path, *, refresh: bool = False):
        self.source = source
        self.cache = cache
        self.refresh = refresh
        self.manifest: dict[str, str] = {}
        self._seen: dict[str, int] = {}  # name -> the source file's mtime when it was fingerprinted

    def sources(self) -> list[str]:
        names = []
        for folder, subfolders, files in os.walk(self.source):
            relative = Path(folder).relative_to(self.source).as_posix()
            prefix = "" if relative == "." else f"{relative}/"
            subfolders[:] = sorted(
                sub for sub in subfolders if not f"{prefix}{sub}/".startswith(NOT_SERVED) and sub[0] != "."
            )
            names += [
                f"{prefix}{file}" for file in sorted(files) if file[0] != "." and file not in NOT_SERVED_NAMES
            ]
        return names

    def build(self) -> dict[str, str]:
        """Fingerprint every file (compressing those not yet in the cache), then clear out long-gone versions."""
        self.cache.mkdir(parents=True, exist_ok=True)
        self.manifest = {name: self._add(name) for name in self.sources()}
        self._prune()
        return self.manifest

    def _add(self, name: str) -> str:
        path = self.source / name
        self._seen[name] = path.stat().st_mtime_ns
        data = path.read_bytes()
        hashed = fingerprinted(name, hashlib.sha256(data).hexdigest()[:FINGERPRINT_LENGTH])
        target = self.cache / hashed
        if target.exists():
            os.utime(target)  # current again: kept, whatever its age
        else:
            # The compressed copies first: once the file itself is there, its copies are too.
            if _COMPRESSOR.should_compress(name):
                for suffix, squeeze in (
                    (".gz", _COMPRESSOR.compress_gzip),
                    (".br", _COMPRESSOR.compress_brotli),
                ):
                    squeezed = squeeze(data)
                    if len(squeezed) < len(data) * 0.95:
                        _write_atomically(self.cache / f"{hashed}{suffix}", squeezed)
            _write_atomically(target, data)
        return hashed

    def _prune(self) -> None:
        current = set(self.manifest.values())
        too_old = time.time() - KEEP_OLD_FOR
        for path in sorted(self.cache.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(self.cache).as_posix()
            original = name[:-3] if name.endswith((".gz", ".br")) else name
            if original in current:
                continue
            stat_of = self.cache / original
            try:
                old = (stat_of if stat_of.exists() else path).stat().st_mtime < too_old
            except FileNotFoundError:  # another process pruned it first
                continue
            if old or path.name.startswith(".part-"):
                path.unlink(missing_ok=True)

    def url_name(self, name: str) -> str:
        """The fingerprinted name to put in a page; a name not in static/ is left as it is (Flask's 404)."""
        if self.refresh and name in self._seen:
            try:
                changed = (self.source / name).stat().st_mtime_ns != self._seen[name]
            except FileNotFoundError:
                changed = False
            if changed:
                self.manifest[name] = self._add(name)
        return self.manifest.get(name, name)


class _WhiteNoise(WhiteNoise):
    FOREVER = CACHE_FOR  # WhiteNoise's "forever" is ten years; a year is what HTTP caches are asked to keep


def _nosniff(headers, path: str, url: str) -> None:
    """Static files skip Flask's after_request, so the one security header a script or stylesheet needs is here."""
    headers["X-Content-Type-Options"] = "nosniff"


def register(app: Flask) -> StaticFiles:
    """Build the cache, wrap the app in WhiteNoise and make url_for('static', ...) give fingerprinted names."""
    if app.static_folder is None:
        raise RuntimeError("the app has no static folder")
    files = StaticFiles(Path(app.static_folder), Path(app.config["STATIC_CACHE_DIR"]), refresh=app.debug)
    files.build()
    served = _WhiteNoise(
        app.wsgi_app,
        autorefresh=app.debug,  # files fingerprinted while the server runs are found (development only)
        max_age=None,  # every file it serves is fingerprinted: immutable_file_test says so
        immutable_file_test=lambda path, url: True,
        add_headers_function=_nosniff,
    )
    served.add_files(str(files.cache), prefix=(app.static_url_path or "/static").strip("/") + "/")
    # Wrapping wsgi_app is how Flask's documentation adds middleware; the type checker sees a method.
    app.wsgi_app = served  # type: ignore[method-assign]

    @app.url_defaults
    def fingerprint_static_addresses(endpoint: str, values: dict) -> None:
        if endpoint == "static" and isinstance(values.get("filename"), str):
            values["filename"] = files.url_name(values["filename"])

    app.extensions["copanel.static_files"] = files
    app.extensions["whitenoise"] = (
        served  # another folder may be added to it (the phone benchmark's baseline)
    )
    return files
