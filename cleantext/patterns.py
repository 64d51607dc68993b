"""Rule patterns: compiled with the ``regex`` module, and checked before they run.

Rules may come from people we do not trust, so a pattern is refused when compiling it could take
minutes (counted repeats over :data:`MAX_REPEAT`) or when its shape can backtrack without bound (nested
quantifiers), and replacement templates are checked against the pattern's groups. The matchers that
run the patterns are in :mod:`cleantext.matching`.
"""

from __future__ import annotations

import regex


def scoped(pattern: str, flags: str = "") -> str:
    """The pattern with its flags scoped to it, so it can sit inside an alternation with others."""
    return f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"


def compile_pattern(pattern: str, flags: str = "") -> regex.Pattern[str]:
    """Compile with the ``regex`` module (V1 semantics, Unicode word boundaries).

    Raises ``regex.error`` for a pattern over the repeat budget (see :func:`repeat_budget`): compiling
    one can take minutes and gigabytes, and rules may come from people we do not trust.
    """
    refuse_over_budget(pattern)
    return regex.compile(scoped(pattern, flags), regex.V1 | regex.WORD)


def template_groups(template: str) -> list[str]:
    r"""Group references in a replacement template: ``\1``, ``\g<1>``, ``\g<name>``."""
    refs = regex.findall(r"\\g<([^>]*)>|\\([0-9]{1,2})", template)
    return [a or b for a, b in refs]


def check_template(compiled: regex.Pattern[str], template: str) -> list[str]:
    problems = []
    for ref in template_groups(template):
        if ref.isdigit():
            if int(ref) > compiled.groups:
                problems.append(
                    f"replacement refers to group {ref} but the pattern has {compiled.groups} group(s)"
                )
        elif ref not in compiled.groupindex:
            names = ", ".join(sorted(compiled.groupindex)) or "none"
            problems.append(f"replacement refers to group {ref!r}, which the pattern does not define "
                            f"(named groups: {names})")
    return problems


_GROUP_OPEN = regex.compile(r"\((?:\?(?::|P?<\w+>|>))?")
_ATOMS = regex.compile(r"\[(?:\\.|[^\]])+\]|\\[pP]\{[^}]*\}|\\.|\.")


def _separated(group: str) -> bool:
    """True for a group whose every repetition must start at a literal nothing else in it can match,
    as in ``(?:-[A-Z][a-z]+)*``: the input splits into repetitions one way only, so it cannot blow up."""
    opener = _GROUP_OPEN.match(group)
    if opener is None:
        return False
    body = group[opener.end() : -1]
    if not body or body[0] in "\\.[(^$|?*+{)" or "|" in body:
        return False
    lead, rest = body[0], body[1:]
    if rest[:1] in ("*", "+", "?", "{"):  # the delimiter itself repeats: (a+)+ is the classic blow-up
        return False
    for atom in _ATOMS.findall(rest):
        try:
            if regex.fullmatch(atom, lead):
                return False
        except regex.error:
            return False
    return lead not in _ATOMS.sub("", rest)


def nested_quantifiers(pattern: str) -> list[str]:
    """Spots the classic catastrophic-backtracking shape: an unbounded quantifier on a group that
    itself contains an unbounded quantifier, as in ``(a+)+`` or ``(\\w+\\s*)*``, unless each
    repetition is anchored on its own delimiter (see ``_separated``)."""
    findings: list[str] = []
    stack: list[tuple[int, bool]] = []  # (start index, contains unbounded quantifier)
    i = 0
    in_class = False
    last_group: tuple[int, bool, int] | None = None  # (start, contains unbounded, index of its ")")
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            last_group = None
            continue
        if in_class:
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
            last_group = None
        elif c == "(":
            stack.append((i, False))
            last_group = None
        elif c == ")":
            if stack:
                start, inner = stack.pop()
                last_group = (start, inner, i)
                if inner and stack:
                    s, _ = stack[-1]
                    stack[-1] = (s, True)
            i += 1
            continue
        elif c in "*+" or (c == "{" and regex.match(r"\{\d*,\}", pattern[i:])):
            if last_group is not None and last_group[1] and not _separated(pattern[last_group[0] : last_group[2] + 1]):
                findings.append(
                    f"nested unbounded quantifiers in {pattern[last_group[0] : i + 1]!r} can backtrack "
                    "catastrophically; make the inner or outer repetition bounded or possessive"
                )
            if stack:
                s, _ = stack[-1]
                stack[-1] = (s, True)
            last_group = None
        else:
            last_group = None
        i += 1
    return findings


#: most repetitions a pattern may ask for, nested counted repeats multiplied: ``(?:a{1000}){1000}``
#: alone takes the regex compiler half a second and 270 MB, and ``a{4294967294}`` never finishes
MAX_REPEAT = 10_000
_COUNTED = regex.compile(r"\{(\d*)(?:,(\d*))?\}")


def repeat_budget(pattern: str) -> int:
    """The largest number of times any atom of the pattern can be repeated by counted quantifiers
    (``{n}``, ``{m,n}``, ``{m,}``), nested ones multiplied. Unbounded ``*``/``+`` count once: the
    run-time timeout bounds them. Cheap and conservative, for checking patterns before compiling."""
    stack: list[int] = [1]  # the largest repeat product seen inside each open group
    last = 1  # the product of the element just closed (atom: 1; group: its inner maximum)
    worst = 1
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            last = 1
            continue
        if in_class:
            in_class = c != "]"
            i += 1
            continue
        if c == "[":
            in_class = True
            last = 1
        elif c == "(":
            stack.append(1)
        elif c == ")" and len(stack) > 1:
            last = stack.pop()
            stack[-1] = max(stack[-1], last)
        elif c == "{" and (m := _COUNTED.match(pattern, i)) and (m.group(1) or m.group(2)):
            low, high = m.group(1), m.group(2)
            count = int(high) if high else int(low or 0)
            count = max(count, int(low or 0))
            last = last * max(count, 1)
            stack[-1] = max(stack[-1], last)
            worst = max(worst, last)
            i = m.end()
            continue
        else:
            last = 1
        i += 1
    return max(worst, *stack)


def check_pattern(pattern: str, flags: str = "", template: str | None = None) -> list[str]:
    """Every problem with a rule's pattern: does not compile, bad group refs, dangerous shape."""
    budget = repeat_budget(pattern)
    if budget > MAX_REPEAT:  # refuse before compiling: compiling such a pattern can itself hang
        return [f"pattern repeats something up to {budget} times (counted repeats multiplied); the limit is "
                f"{MAX_REPEAT}: use + or * (matching runs under a timeout) or smaller counts"]
    try:
        compiled = compile_pattern(pattern, flags)
    except regex.error as exc:
        return [f"pattern does not compile: {exc}"]
    problems = nested_quantifiers(pattern)
    if template is not None:
        problems += check_template(compiled, template)
    if compiled.search("") is not None and compiled.fullmatch("") is not None:
        problems.append("pattern matches the empty string; it would fire everywhere")
    return problems


def refuse_over_budget(pattern: str) -> None:
    """Raise ``regex.error`` for a pattern over the repeat budget, before anything compiles it."""
    budget = repeat_budget(pattern)
    if budget > MAX_REPEAT:
        raise regex.error(f"pattern repeats something up to {budget} times; the limit is {MAX_REPEAT}")
