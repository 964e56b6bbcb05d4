"""Reading pickles: which modules a pickle imports from (for the public-names tests)."""

from __future__ import annotations

import pickletools

__all__ = ["pickled_modules"]

# Pushes of a text onto the pickle stack (module and class names are texts).
_TEXT_OPCODES = frozenset({
    "UNICODE", "SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8",
    "STRING", "BINSTRING", "SHORT_BINSTRING",
})  # fmt: skip
_PUT_OPCODES = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})
_GET_OPCODES = frozenset({"GET", "BINGET", "LONG_BINGET"})


def pickled_modules(data: bytes) -> set[str]:
    """Every module a pickle imports from: GLOBAL's argument, STACK_GLOBAL's first operand.

    STACK_GLOBAL takes its module and name from the two values pushed just
    before it, either as texts or as memo lookups of texts pushed earlier.
    """
    pushed: list[object] = []
    memo: dict[int, object] = {}
    modules: set[str] = set()
    for opcode, argument, _ in pickletools.genops(data):
        name = opcode.name
        if name == "GLOBAL":
            assert isinstance(argument, str)
            modules.add(argument.split(" ", 1)[0])
            pushed.append(None)
        elif name == "STACK_GLOBAL":
            module = pushed[-2]
            assert isinstance(module, str)
            modules.add(module)
            pushed.append(None)
        elif name in _TEXT_OPCODES:
            pushed.append(argument)
        elif name == "MEMOIZE":
            memo[len(memo)] = pushed[-1]
        elif name in _PUT_OPCODES:
            assert isinstance(argument, int)
            memo[argument] = pushed[-1]
        elif name in _GET_OPCODES:
            assert isinstance(argument, int)
            pushed.append(memo[argument])
        else:
            pushed.append(None)
    return modules
