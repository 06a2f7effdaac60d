"""gcc's Thumb assembly, line by line: what thumb_dispatch.py and
thumb_pairs.py read it with (one definition for both rewrites)."""
import re

# an instruction line: its mnemonic, its operands (without a trailing comment)
INSN = re.compile(r"^\s+([a-z][a-z0-9.]*)\s*(.*?)\s*(?:@.*)?$")
LABEL = re.compile(r"^\s*[.\w$]+:")
# directives that change no code: line tables and unwind information
DIRECTIVE = re.compile(r"^\s+\.(loc|cfi_\w+)\b")
# gcc's labels for debug information (lexical blocks, variable locations):
# only .debug sections refer to them, no branch does
DEBUG_LABEL = re.compile(r"^\.L(BB|BE|VL)\d+:\s*$")


def operands(text):
    """An instruction's operands, split at the commas outside [] and {}."""
    return [x.strip() for x in re.split(r",(?![^\[{]*[\]}])", text)] if text else []
