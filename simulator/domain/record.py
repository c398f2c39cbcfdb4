"""`record`: a frozen dataclass for the type checker that is cheap to build at runtime.

A frozen dataclass's `__init__` stores every field through `object.__setattr__`, about ten
times the cost of a plain slot store; the engine builds three or four of these records per
step, which made their construction a third of a step's time. A record is built once by
its author and never assigned to afterwards: mypy enforces that (it reads the class as
frozen), so the runtime guard is left off. Hashing and equality are as a frozen
dataclass's (from the fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    return dataclass(slots=True, unsafe_hash=True)(cls)
