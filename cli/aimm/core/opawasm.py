"""A host for OPA-compiled WebAssembly policies (ABI 1.2+) on wasmtime.

``opa build -t wasm`` compiles Rego into one module that exports the evaluation (``opa_eval``)
and imports only its memory and the built-ins OPA does not compile into Wasm. This module
loads such a module, provides those imports, and evaluates entrypoints on JSON input:

    policy = WasmPolicy(load_module(wasm_bytes, cache_folder))
    policy.set_data(b'{"aimm": {...}}')                    # the base document, parsed once
    policy.evaluate("aimm/core/report/result", b'{...}')   # the value, or None if undefined

Each evaluation writes the input above the data and hands ``opa_eval`` a heap that starts
after it; the heap is reset on every call, so nothing accumulates between evaluations.

Built-ins the host serves (:data:`HOST_BUILTINS`) behave as OPA's own (topdown) do for the
arguments aimm's policies pass; anything else raises :class:`BuiltinError`, which aborts the
evaluation, so the caller fails closed. A built-in OPA compiles into Wasm cannot report an
error: the expression is undefined instead (there is no strict mode in Wasm).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import re
import stat
import weakref
from collections.abc import Callable
from datetime import date
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import Any

import wasmtime

# Memory an instance starts with, in 64 KiB pages (see WasmPolicy.__init__).
MIN_MEMORY_PAGES = 16
MAX_MEMORY_PAGES = 1024
ABI_MAJOR = 1
ABI_MIN_MINOR = 2  # opa_eval, the one-call evaluation


class WasmError(Exception):
    """The module cannot be loaded or an evaluation failed (a trap or a host built-in error)."""


class ModuleImportError(WasmError):
    """The module imports something this host does not provide (never retried)."""


class BuiltinError(WasmError):
    """A host built-in was called with arguments it does not handle (OPA would raise too)."""


# ---- built-ins served by the host -------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NS_PER_DAY = 86_400 * 1_000_000_000
_EPOCH = date(1970, 1, 1).toordinal()
_INT64 = (-(2**63), 2**63 - 1)


def parse_ns(layout: str, value: str) -> int:
    """``time.parse_ns`` for the layout aimm uses, ``2006-01-02`` (a UTC date), as Go parses
    it: exactly four, two and two digits, a real calendar date, and a time OPA can hold in
    64-bit nanoseconds (years 1678 to 2262)."""
    if layout != "2006-01-02":
        raise BuiltinError(f"time.parse_ns: layout {layout!r} is not served by this host")
    if not isinstance(value, str):
        raise BuiltinError("time.parse_ns: operand 2 must be a string")
    match = _DATE.fullmatch(value)
    if match is None:
        raise BuiltinError(f"time.parse_ns: cannot parse {value!r} as {layout!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        days = date(year, month, day).toordinal() - _EPOCH
    except ValueError as exc:  # month or day out of range (year 0 too)
        raise BuiltinError(f"time.parse_ns: {value!r}: {exc}") from exc
    ns = days * _NS_PER_DAY
    if not _INT64[0] <= ns <= _INT64[1]:
        raise BuiltinError(f"time.parse_ns: {value!r} is outside the valid time range")
    return ns


def _shortest(f: float) -> tuple[str, int]:
    """The shortest digits that give back ``abs(f)`` (Python's repr and Go find the same ones)
    and the decimal exponent of the first of them: 1234567.5 -> ("12345675", 6)."""
    mantissa, _, exponent = repr(abs(f)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    leading = len(digits) - len(digits.lstrip("0"))
    exp = int(exponent or 0) + len(whole) - 1 - leading
    return digits.strip("0") or "0", exp


def go_float(f: float) -> str:
    """Go's ``fmt.Sprintf("%v", f)`` for a float64 (``strconv.FormatFloat(f, 'g', -1, 64)``):
    the shortest digits, in exponent form below 1e-4 and from 1e6 on ("1.2345675e+06")."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    if f == 0:
        return f"{sign}0"
    digits, exp = _shortest(f)
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    if exp < 0:
        return f"{sign}0.{'0' * (-exp - 1)}{digits}"
    whole = digits[: exp + 1].ljust(exp + 1, "0")
    rest = digits[exp + 1 :]
    return f"{sign}{whole}{'.' + rest if rest else ''}"


def rego_term(value: Any) -> str:
    """A JSON value as OPA writes a Rego term (``ast.Term.String``): strings quoted, object
    keys sorted, ``, `` between items."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, list):
        return "[" + ", ".join(rego_term(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{rego_term(k)}: {rego_term(value[k])}" for k in sorted(value))
        return "{" + ", ".join(items) + "}"
    raise BuiltinError(f"sprintf: cannot format a {type(value).__name__}")


def sprintf(fmt: str, args: list[Any]) -> str:
    """``sprintf`` for the formats aimm's policies use, as OPA formats them: ``"%v"`` of one
    value and ``"%.16g"`` of one non-integer number."""
    if not isinstance(fmt, str) or not isinstance(args, list) or len(args) != 1:
        raise BuiltinError("sprintf: expected a format and one argument")
    (arg,) = args
    number = isinstance(arg, int | float) and not isinstance(arg, bool)
    if fmt == "%v":
        if isinstance(arg, str):
            return arg
        return rego_term(arg)
    if fmt == "%.16g" and number and isinstance(arg, float):
        return format(arg, ".16g")
    raise BuiltinError(f"sprintf: format {fmt!r} of {rego_term(arg)} is not served by this host")


HOST_BUILTINS: dict[str, Callable[..., Any]] = {
    "sprintf": sprintf,
    "time.parse_ns": parse_ns,
}


# ---- compiled modules -------------------------------------------------------------------------

_ENGINE: wasmtime.Engine | None = None
# Modules and stores to release at exit, oldest first.
_OPEN: list[weakref.ref[Any]] = []


@atexit.register
def _release() -> None:
    """Release every wasmtime object while wasmtime can still do it: left to the interpreter's
    teardown, their finalizers run after wasmtime's own globals are gone and print errors."""
    for ref in reversed(_OPEN):
        item = ref()
        if item is not None:
            item.close()
    _OPEN.clear()
    if _ENGINE is not None:
        _ENGINE.close()


def engine() -> wasmtime.Engine:
    """The process's one wasmtime engine (compiled modules are tied to it)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = wasmtime.Engine()
    return _ENGINE


def _private(path: Path) -> bool:
    """The file and its folder belong to this user and nobody else may write them: compiled
    machine code from anywhere else is never loaded."""
    try:
        for item in (path, path.parent):
            info = item.stat()
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return stat.S_ISREG(path.stat().st_mode)


@cache
def wasmtime_version() -> str:
    """The installed wasmtime's version (compiled code is only valid for the same build),
    from its dist-info folder (importlib.metadata costs more to import than the lookup)."""
    package = Path(wasmtime.__file__).resolve().parent
    found = sorted(package.parent.glob("wasmtime-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix("wasmtime-").removesuffix(".dist-info")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wasmtime")
    except PackageNotFoundError:  # vendored or renamed: never reuse compiled code then
        return f"unknown-{os.getpid()}"


def _entry_name(wasm: bytes) -> str:
    return f"{sha256(wasm).hexdigest()}-wasmtime-{wasmtime_version()}.cwasm"


def precompile(wasm: bytes, cache: Path) -> None:
    """Put the machine code for ``wasm`` in ``cache`` unless a usable entry is there, with an
    engine of its own that compiles on this thread only.

    For a process about to fork workers (``aimm scan``): each worker then loads the entry in
    milliseconds instead of compiling the module itself (1.4 s of CPU each), and the parent
    never starts the thread pool parallel compilation uses, which a forked child would
    inherit without its threads."""
    from aimm.core.signing import cache_key, seal, unseal

    name = _entry_name(wasm)
    cached, secret = cache / name, cache_key()
    if secret is None:
        return
    if cached.is_file() and _private(cached):
        with contextlib.suppress(OSError):
            if unseal(secret, name, cached.read_bytes()) is not None:
                return
    config = wasmtime.Config()
    config.parallel_compilation = False
    try:
        module = wasmtime.Module(wasmtime.Engine(config), wasm)
    except Exception:  # the workers compile it and say why
        return
    _store(cached, seal(secret, name, bytes(module.serialize())))


def load_module(wasm: bytes, cache: Path | None = None) -> wasmtime.Module:
    """The compiled module for ``wasm``. Compiling costs most of a second, so the machine
    code is cached under ``cache`` (when given) in a file named by the module's SHA-256 and
    the wasmtime version. Machine code is run as it is, so an entry is used only when it is
    private to the user and its signature verifies (:mod:`aimm.core.signing`, as for the
    compiled bundles); it is loaded from a private copy, so it cannot change between check
    and load. Any other entry is compiled again and replaced."""
    from aimm.core.signing import cache_key, seal, unseal

    name = _entry_name(wasm)
    cached = cache / name if cache is not None else None
    secret = cache_key() if cached is not None else None
    if cached is not None and secret is not None and cached.is_file() and _private(cached):
        try:
            body = unseal(secret, name, cached.read_bytes())
            if body is not None:
                module = wasmtime.Module.deserialize(engine(), body)
                _OPEN.append(weakref.ref(module))
                return module
        except Exception:  # another wasmtime build or a damaged file: compile again
            pass
    try:
        module = wasmtime.Module(engine(), wasm)
    except Exception as exc:
        raise WasmError(f"the policy module does not compile: {exc}") from exc
    _OPEN.append(weakref.ref(module))
    if cached is not None and secret is not None:
        _store(cached, seal(secret, name, bytes(module.serialize())))
    return module


def _store(target: Path, content: bytes) -> None:
    tmp = ""
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        import tempfile  # here: only a cache miss writes

        fd, tmp = tempfile.mkstemp(prefix=".module.", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except OSError:  # caching only saves time
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# ---- one instance -----------------------------------------------------------------------------

_EXPORTS = (
    "opa_malloc",
    "opa_free",
    "opa_json_parse",
    "opa_json_dump",
    "opa_heap_ptr_get",
    "opa_heap_ptr_set",
    "opa_heap_blocks_stash",
    "opa_heap_stash_clear",
    "opa_eval",
    "builtins",
    "entrypoints",
)


class WasmPolicy:
    """One instance of a compiled policy module with its own memory and data document."""

    def __init__(self, module: wasmtime.Module) -> None:
        self._failure: BaseException | None = None
        # OPA 1.22.4 declares a memory minimum (3 pages for aimm's module) below what its
        # data needs once the policies grow: instantiating at that size traps ("out of
        # bounds memory access", measured when the fifth pack came in). So an instance
        # starts at 16 pages (1 MiB) and twice as many until the module's data fits.
        pages = max(MIN_MEMORY_PAGES, _declared_pages(module))
        while True:
            try:
                instance = self._instantiate(module, pages)
                break
            except ModuleImportError:
                raise
            except WasmError:
                if pages >= MAX_MEMORY_PAGES:
                    raise
                pages = min(pages * 2, MAX_MEMORY_PAGES)
        exports = instance.exports(self.store)
        self._fn: dict[str, Any] = {}
        for name in _EXPORTS:
            export = exports.get(name)
            if not isinstance(export, wasmtime.Func):
                raise WasmError(f"the policy module does not export {name}")
            self._fn[name] = export
        major, minor = (
            _global(exports.get("opa_wasm_abi_version"), self.store),
            _global(exports.get("opa_wasm_abi_minor_version"), self.store),
        )
        if major != ABI_MAJOR or minor < ABI_MIN_MINOR:
            raise WasmError(f"the policy module has OPA Wasm ABI {major}.{minor}; 1.2+ is needed")
        names = self._dump(self._call("builtins"))
        missing = sorted(set(names) - HOST_BUILTINS.keys())
        if missing:
            raise WasmError(f"the policy module needs built-ins this host lacks: {missing}")
        self._builtins = {int(i): HOST_BUILTINS[n] for n, i in names.items()}
        self._builtin_names = {int(i): str(n) for n, i in names.items()}
        self.entrypoints: dict[str, int] = {
            str(k): int(v) for k, v in self._dump(self._call("entrypoints")).items()
        }
        self._base = self._call("opa_heap_ptr_get")
        self._data = 0
        self._heap = self._base

    def _instantiate(self, module: wasmtime.Module, pages: int) -> wasmtime.Instance:
        """A new store and instance of ``module`` whose memory starts at ``pages`` pages."""
        self.store = wasmtime.Store(engine())
        _OPEN.append(weakref.ref(self.store))
        imports: list[Any] = []
        memory: wasmtime.Memory | None = None
        for item in module.imports:
            kind, name = item.type, item.name or ""
            if name == "memory" and isinstance(kind, wasmtime.MemoryType):
                limits = wasmtime.Limits(max(pages, kind.limits.min), kind.limits.max)
                memory = wasmtime.Memory(self.store, wasmtime.MemoryType(limits))
                imports.append(memory)
            elif name == "opa_abort" and isinstance(kind, wasmtime.FuncType):
                imports.append(wasmtime.Func(self.store, kind, self._abort))
            elif name == "opa_println" and isinstance(kind, wasmtime.FuncType):
                imports.append(wasmtime.Func(self.store, kind, lambda _addr: None))
            elif name.startswith("opa_builtin") and isinstance(kind, wasmtime.FuncType):
                imports.append(wasmtime.Func(self.store, kind, self._builtin))
            else:
                raise ModuleImportError(f"the policy module imports {item.module}.{item.name}")
        if memory is None:
            raise ModuleImportError("the policy module imports no memory")
        self.memory = memory
        try:
            return wasmtime.Instance(self.store, module, imports)
        except Exception as exc:
            raise WasmError(f"the policy module does not instantiate: {exc}") from exc

    # ---- memory ------------------------------------------------------------------------------

    def _call(self, name: str, *args: int) -> Any:
        self._failure = None
        try:
            return self._fn[name](self.store, *args)
        except Exception as exc:
            failure, self._failure = self._failure, None
            if failure is not None:
                raise failure from exc
            raise WasmError(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc

    def _string(self, addr: int) -> bytes:
        """The NUL-terminated string at ``addr``."""
        size = self.memory.data_len(self.store)
        chunk = 1 << 14
        out = bytearray()
        while addr < size:
            part = self.memory.read(self.store, addr, min(addr + chunk, size))
            end = part.find(0)
            if end >= 0:
                out += part[:end]
                return bytes(out)
            out += part
            addr += len(part)
            chunk *= 4
        raise WasmError("a string in the policy module's memory is not terminated")

    def _dump(self, value: int) -> Any:
        return json.loads(self._string(self._call("opa_json_dump", value)))

    def _parse(self, raw: bytes) -> int:
        addr = self._call("opa_malloc", len(raw))
        self.memory.write(self.store, raw, addr)
        value = self._call("opa_json_parse", addr, len(raw))
        self._call("opa_free", addr)
        if value == 0:
            raise WasmError("the policy module could not parse a JSON document")
        return int(value)

    def _reserve(self, end: int) -> None:
        """Grow the memory so ``end`` is inside it (opa_eval grows it further as it needs)."""
        size = self.memory.data_len(self.store)
        if end > size:
            self.memory.grow(self.store, (end - size + 0xFFFF) // 0x10000)

    # ---- imports -----------------------------------------------------------------------------

    def _abort(self, addr: int) -> None:
        message = self._string(addr).decode("utf-8", "replace")
        self._failure = WasmError(f"the policy aborted: {message}")
        raise self._failure

    def _builtin(self, builtin_id: int, _ctx: int, *args: int) -> int:
        name = self._builtin_names.get(builtin_id, str(builtin_id))
        try:
            values = [self._dump(a) for a in args]
            result = self._builtins[builtin_id](*values)
            return self._parse(json.dumps(result, ensure_ascii=False).encode())
        except BuiltinError as exc:
            self._failure = exc
        except Exception as exc:  # any other host failure aborts the evaluation too
            self._failure = BuiltinError(f"{name}: {exc}")
        raise self._failure

    # ---- API ---------------------------------------------------------------------------------

    def set_data(self, data: bytes) -> None:
        """Replace the base document (JSON) every evaluation reads as ``data``."""
        if self._data:
            self._call("opa_heap_stash_clear")
        self._call("opa_heap_ptr_set", self._base)
        self._data = self._parse(data)
        self._call("opa_heap_blocks_stash")
        self._heap = self._call("opa_heap_ptr_get")

    def evaluate(self, entrypoint: str, document: bytes) -> Any:
        """The value of ``entrypoint`` for the input ``document`` (JSON); None when it is
        undefined. A trap or a host built-in error raises :class:`WasmError`."""
        try:
            point = self.entrypoints[entrypoint]
        except KeyError:
            raise WasmError(f"{entrypoint} is not an entrypoint of the policy module") from None
        heap = self._heap
        self._reserve(heap + len(document))
        self.memory.write(self.store, document, heap)
        end = heap + len(document)
        result = self._call("opa_eval", 0, point, self._data, heap, len(document), end, 0)
        results = json.loads(self._string(result), object_pairs_hook=_sorted_object)
        return results[0].get("result") if results else None


def _sorted_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object with its keys in order, as OPA and regopy write them (Wasm keeps the order
    it built the object in)."""
    pairs.sort(key=lambda kv: kv[0])
    return dict(pairs)


def _declared_pages(module: wasmtime.Module) -> int:
    for item in module.imports:
        if item.name == "memory" and isinstance(item.type, wasmtime.MemoryType):
            return int(item.type.limits.min)
    return 0


def _global(export: Any, store: wasmtime.Store) -> int:
    if not isinstance(export, wasmtime.Global):
        return -1
    return int(export.value(store))
